package org.kaowu.plugins.identitysim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.UUID;

/**
 * What a call to a simulated national service costs and how it fails: a delay fixed by the request
 * (so runs repeat), scaled for tests, and an outage that fails every call as unreachable.
 */
final class SimulatedCall {
    private SimulatedCall() {
    }

    /**
     * Waits {@code minMillis} plus up to {@code spreadMillis} (by {@code key}), times {@code scale}; then
     * fails if {@code outage}. Returns the delay.
     */
    static long await(String key, int minMillis, int spreadMillis, double scale, boolean outage, String service) {
        long delay = (long) ((minMillis + Math.floorMod(key.hashCode(), spreadMillis)) * scale);
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
        if (outage) {
            throw new UncheckedIOException(new IOException(service + " unreachable (simulated outage)"));
        }
        return delay;
    }

    /** A reference as the real services give one, e.g. "SIM-1A2B3C4D". */
    static String reference(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    }
}
