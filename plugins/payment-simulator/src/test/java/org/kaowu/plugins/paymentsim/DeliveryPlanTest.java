package org.kaowu.plugins.paymentsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Callbacks late, twice, out of order or never, as configured, and the same in every run with a seed. */
class DeliveryPlanTest {
    private static List<DeliveryPlan> draws(long seed, DeliveryPlan.Behaviour b, int n) {
        Random r = new Random(seed);
        List<DeliveryPlan> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(DeliveryPlan.draw(r, b));
        }
        return out;
    }

    @Test
    void certainties() {
        Random r = new Random(1);
        assertThat(DeliveryPlan.draw(r, new DeliveryPlan.Behaviour(100, 0, 0, 500, 0, 3000, 0)).delaysMillis()).containsExactly(100L);
        assertThat(DeliveryPlan.draw(r, new DeliveryPlan.Behaviour(100, 0, 1, 500, 0, 3000, 0)).delaysMillis()).containsExactly(100L, 600L);
        assertThat(DeliveryPlan.draw(r, new DeliveryPlan.Behaviour(100, 0, 0, 500, 1, 3000, 0)).delaysMillis()).containsExactly(3100L);
        assertThat(DeliveryPlan.draw(r, new DeliveryPlan.Behaviour(100, 0, 1, 500, 1, 3000, 1)).delaysMillis()).isEmpty();
        assertThatThrownBy(() -> new DeliveryPlan.Behaviour(0, 0, 1.5, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSeedRepeatsTheMisbehaviourAndTheProbabilitiesHold() {
        DeliveryPlan.Behaviour b = new DeliveryPlan.Behaviour(200, 800, 0.1, 500, 0.1, 3000, 0.02);
        List<DeliveryPlan> one = draws(42, b, 5000);
        assertThat(draws(42, b, 5000)).isEqualTo(one);
        assertThat(draws(43, b, 5000)).isNotEqualTo(one);
        long never = one.stream().filter(p -> p.delaysMillis().isEmpty()).count();
        long twice = one.stream().filter(p -> p.delaysMillis().size() == 2).count();
        long late = one.stream().filter(p -> !p.delaysMillis().isEmpty() && p.delaysMillis().get(0) >= 3200).count();
        assertThat(never).isBetween(50L, 150L);
        assertThat(twice).isBetween(350L, 650L);
        assertThat(late).isBetween(350L, 650L);
        assertThat(one).allSatisfy(p -> assertThat(p.delaysMillis()).allSatisfy(d -> assertThat(d).isBetween(200L, 200L + 800 + 3000 + 500)));
    }

    @Test
    void retriesBackOffDoublingUpToAnHour() {
        assertThat(DeliveryPlan.retryDelay(1000, 1)).isEqualTo(1000);
        assertThat(DeliveryPlan.retryDelay(1000, 2)).isEqualTo(2000);
        assertThat(DeliveryPlan.retryDelay(1000, 4)).isEqualTo(8000);
        assertThat(DeliveryPlan.retryDelay(1000, 30)).isEqualTo(3_600_000);
    }
}
