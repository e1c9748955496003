package org.kaowu.api;

import java.time.Instant;
import java.util.Optional;

/**
 * The seat allocation (编排考场) of one sitting in one exam area: {@code DRAFT} (repeatable, each run with
 * the seed given replaces the seats) or {@code PUBLISHED} (frozen; only a room taken out of use moves its
 * candidates). {@code seats} is the course enrollments seated, {@code rooms} the rooms used in at least one
 * session, {@code moved} the seats a room closure moved (0 otherwise).
 */
public record SeatAllocationSummary(String region, String sitting, String examArea, Status status, long seed, int seats, int rooms, int moved,
        Instant allocatedAt, Optional<Instant> publishedAt) {
    /** Whether the allocation may still be run again. */
    public enum Status { DRAFT, PUBLISHED }
}
