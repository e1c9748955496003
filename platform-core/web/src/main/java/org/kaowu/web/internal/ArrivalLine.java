package org.kaowu.web.internal;

import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The line of new arrivals (logins and registrations) at window opening: at most {@code slots} of them
 * are served at once, the others wait in the order of their ticket, the number each got when it first
 * arrived. A request that cannot be served within its wait leaves the line with its position; when it
 * comes back with its ticket it takes its old place, ahead of everyone who arrived after it. The ticket of
 * one that left is remembered (as "away") until it is due back, so its position counts it and the
 * positions told stay true.
 */
final class ArrivalLine {
    private final int slots;
    private final int maxWaiting;
    private final AtomicLong issued = new AtomicLong();
    /** Tickets in the line now: true when present (waiting on the server), false when away (told to come back). */
    private final TreeMap<Long, Long> line = new TreeMap<>();
    private int serving;
    /** Mean time one arrival takes to serve, in nanoseconds (moving average), for the time told to wait. */
    private double meanServiceNanos = TimeUnit.MILLISECONDS.toNanos(100);

    ArrivalLine(int slots, int maxWaiting) {
        this.slots = slots;
        this.maxWaiting = maxWaiting;
    }

    long newTicket() {
        return issued.incrementAndGet();
    }

    /** Whether the ticket was ever issued by this line (a forged or another node's is treated as new). */
    boolean issued(long ticket) {
        return ticket > 0 && ticket <= issued.get();
    }

    /**
     * Waits in line up to {@code maxWaitNanos}; true when it is this ticket's turn (call {@link #leave}
     * once served), false when the wait ran out or too many are waiting (then it is away, see {@link #position}).
     */
    synchronized boolean enter(long ticket, long maxWaitNanos) throws InterruptedException {
        long now = System.nanoTime();
        expireAway(now);
        long present = line.values().stream().filter(v -> v == PRESENT).count();
        if (present >= maxWaiting) {
            line.put(ticket, now + awayFor(ticket));
            return false;
        }
        line.put(ticket, PRESENT);
        long deadline = now + maxWaitNanos;
        try {
            while (!(serving < slots && firstPresent() == ticket)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    line.put(ticket, System.nanoTime() + awayFor(ticket));
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            line.remove(ticket);
            serving++;
            return true;
        } catch (InterruptedException e) {
            line.remove(ticket);
            throw e;
        } finally {
            notifyAll();
        }
    }

    /** One served arrival is done, after {@code nanos}. */
    synchronized void leave(long nanos) {
        serving--;
        meanServiceNanos = meanServiceNanos * 0.9 + nanos * 0.1;
        notifyAll();
    }

    /** How many wait on the server now. */
    synchronized int present() {
        return (int) line.values().stream().filter(v -> v == PRESENT).count();
    }

    /** The ticket's place in line (1: next). */
    synchronized int position(long ticket) {
        return line.headMap(ticket, false).size() + 1;
    }

    /** How long the ticket should stay away: the time the ones before it take to serve, at least a second. */
    synchronized long retryAfterSeconds(long ticket) {
        return Math.max(1, (long) Math.ceil(position(ticket) * meanServiceNanos / slots / 1e9));
    }

    private long awayFor(long ticket) {
        // due back after its Retry-After; kept a little longer, then its place is given up
        return TimeUnit.SECONDS.toNanos(retryAfterSeconds(ticket) * 2 + 5);
    }

    private long firstPresent() {
        for (var e : line.entrySet()) {
            if (e.getValue() == PRESENT) {
                return e.getKey();
            }
        }
        return -1;
    }

    private void expireAway(long now) {
        line.values().removeIf(v -> v != PRESENT && v < now);
    }

    private static final long PRESENT = Long.MIN_VALUE;
}
