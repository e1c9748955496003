package org.kaowu.web.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Slows password guessing against the console: after {@value #FREE_FAILURES} failed attempts from one
 * address, that address is refused for a period that doubles with each further failure (capped at
 * {@value #MAX_LOCK_SECONDS} s). A success clears the record.
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 5;
    static final long MAX_LOCK_SECONDS = 900;
    private static final int MAX_TRACKED = 10_000;

    private record State(int failures, long lockedUntilNanos) {
    }

    private final ConcurrentMap<String, State> states = new ConcurrentHashMap<>();

    boolean blocked(String client) {
        State s = states.get(client);
        return s != null && System.nanoTime() - s.lockedUntilNanos() < 0;
    }

    void failed(String client) {
        if (states.size() > MAX_TRACKED) {
            states.clear();
        }
        states.compute(client, (k, s) -> {
            int failures = s == null ? 1 : s.failures() + 1;
            long lockSeconds = failures <= FREE_FAILURES ? 0 : Math.min(MAX_LOCK_SECONDS, 1L << Math.min(20, failures - FREE_FAILURES));
            return new State(failures, System.nanoTime() + lockSeconds * 1_000_000_000L);
        });
    }

    void succeeded(String client) {
        states.remove(client);
    }
}
