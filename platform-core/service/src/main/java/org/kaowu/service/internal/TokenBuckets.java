package org.kaowu.service.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per key: {@code capacity} requests at once, refilled evenly over {@code period}. On a
 * monotonic real-time source (never the movable business clock), in memory, per node. A bucket that has
 * refilled completely says nothing a new one would not, so only those are swept (now and then, not on
 * every request); a flood of keys costs memory, never the state of a key that is still being limited.
 */
final class TokenBuckets {
    private static final long SWEEP_EVERY_NANOS = 10_000_000_000L;

    private record Bucket(double tokens, long atNanos) {
    }

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final int capacity;
    private final double tokensPerNano;
    private volatile long lastSweep;

    TokenBuckets(LongSupplier nanoTime, int capacity, Duration period) {
        if (capacity < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("capacity and period must be positive");
        }
        this.nanoTime = nanoTime;
        this.capacity = capacity;
        this.tokensPerNano = capacity / (double) period.toNanos();
        this.lastSweep = nanoTime.getAsLong();
    }

    /** Takes one token for {@code key}; when there is none, returns how long until there is. */
    Optional<Duration> take(String key) {
        long now = nanoTime.getAsLong();
        if (now - lastSweep > SWEEP_EVERY_NANOS) {
            lastSweep = now;
            buckets.entrySet().removeIf(e -> refill(e.getValue(), now) >= capacity);
        }
        Duration[] wait = new Duration[1];
        buckets.compute(key, (k, b) -> {
            double tokens = b == null ? capacity : refill(b, now);
            if (tokens >= 1) {
                return new Bucket(tokens - 1, now);
            }
            wait[0] = Duration.ofNanos((long) Math.ceil((1 - tokens) / tokensPerNano));
            return new Bucket(tokens, now);
        });
        return Optional.ofNullable(wait[0]);
    }

    /** Keys held now (for tests and health). */
    int size() {
        return buckets.size();
    }

    private double refill(Bucket b, long now) {
        return Math.min(capacity, b.tokens() + (now - b.atNanos()) * tokensPerNano);
    }
}
