package org.kaowu.rest.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One token bucket per key: {@code capacity} requests at once, refilled evenly over {@code period}.
 * In memory, per node; idle buckets are dropped when the table grows large.
 */
final class TokenBuckets {
    private static final int MAX_KEYS = 200_000;

    private record Bucket(double tokens, long atNanos) {
    }

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int capacity;
    private final double tokensPerNano;

    TokenBuckets(Clock clock, int capacity, Duration period) {
        if (capacity < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("capacity and period must be positive");
        }
        this.clock = clock;
        this.capacity = capacity;
        this.tokensPerNano = capacity / (double) period.toNanos();
    }

    /** Takes one token for {@code key}; when there is none, returns how long until there is. */
    Optional<Duration> take(String key) {
        long now = nanos();
        if (buckets.size() > MAX_KEYS) {
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

    private double refill(Bucket b, long now) {
        return Math.min(capacity, b.tokens() + (now - b.atNanos()) * tokensPerNano);
    }

    private long nanos() {
        java.time.Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
