package org.kaowu.plugins.paymentsim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * When a callback is sent: the delays (from the moment the order was paid or closed) of each delivery.
 * Empty: never delivered (the platform must find out by querying). Two: delivered twice. A delay beyond
 * the usual ones lets callbacks of later orders overtake it (out of order). Drawn from a {@link Random},
 * so a seeded simulator behaves the same in every run.
 */
record DeliveryPlan(List<Long> delaysMillis) {

    /** How the gateway misbehaves: probabilities in [0, 1] and delays in milliseconds. */
    record Behaviour(long minDelayMillis, long delaySpreadMillis, double duplicateProbability, long duplicateGapMillis,
            double outOfOrderProbability, long outOfOrderDelayMillis, double dropProbability) {
        Behaviour {
            for (double p : new double[] {duplicateProbability, outOfOrderProbability, dropProbability}) {
                if (p < 0 || p > 1) {
                    throw new IllegalArgumentException("probabilities are between 0 and 1");
                }
            }
            if (minDelayMillis < 0 || delaySpreadMillis < 0 || duplicateGapMillis < 0 || outOfOrderDelayMillis < 0) {
                throw new IllegalArgumentException("delays are not negative");
            }
        }
    }

    static DeliveryPlan draw(Random random, Behaviour b) {
        // every draw is made whatever the outcome, so one decision does not shift the next ones
        double drop = random.nextDouble();
        double late = random.nextDouble();
        double twice = random.nextDouble();
        long spread = b.delaySpreadMillis() == 0 ? 0 : (long) (random.nextDouble() * b.delaySpreadMillis());
        if (drop < b.dropProbability()) {
            return new DeliveryPlan(List.of());
        }
        List<Long> delays = new ArrayList<>();
        long first = b.minDelayMillis() + spread + (late < b.outOfOrderProbability() ? b.outOfOrderDelayMillis() : 0);
        delays.add(first);
        if (twice < b.duplicateProbability()) {
            delays.add(first + b.duplicateGapMillis());
        }
        return new DeliveryPlan(List.copyOf(delays));
    }

    /** The delay before retry {@code attempt} (1 = the first retry) of a failed delivery: doubling from {@code base}, at most an hour. */
    static long retryDelay(long baseMillis, int attempt) {
        return Math.min(3_600_000L, baseMillis * (1L << Math.min(20, attempt - 1)));
    }
}
