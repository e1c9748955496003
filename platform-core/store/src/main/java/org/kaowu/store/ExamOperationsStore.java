package org.kaowu.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.kaowu.api.ExamRoom;
import org.kaowu.api.SeatAllocationSummary;

/**
 * Persistence of exam operations: exam rooms, seat allocations and their seats, and the candidates who
 * need an accessible seat. Seats are written and moved in JDBC batches. The database holds the
 * invariants: one seat per enrollment and session, one candidate per seat of a room and session, and
 * the freeze: seats are replaced only while their allocation is DRAFT, which becomes PUBLISHED by one
 * conditional update.
 */
public interface ExamOperationsStore {
    /** The rooms of the region, of one exam area when given, by area, site and room. */
    List<ExamRoom> rooms(String region, Optional<String> examArea);

    /**
     * Adds the rooms not yet listed and changes those listed (same area, site and room), in one transaction,
     * in batches.
     *
     * @return how many were added
     */
    int saveRooms(String region, Collection<ExamRoom> rooms, Instant at, String by);

    /** Takes a room out of use (or back): whether such a room exists. */
    boolean setRoomInUse(String region, String examArea, String site, String room, boolean inUse, Instant at, String by);

    /** A course of a PAID enrollment in the sitting and area, to be seated: ordered by enrollment and session. */
    record CourseEnrollment(UUID enrollment, UUID candidate, String course, String session) {
    }

    /** Every course of the PAID enrollments of the sitting whose exam area is {@code examArea}. */
    List<CourseEnrollment> paidCourseEnrollments(String region, String sitting, String examArea);

    /** One seat: which course of which enrollment, in which session, room and seat. */
    record Seat(String session, UUID enrollment, UUID candidate, String course, String site, String room, int seat) {
    }

    /** The allocation of the sitting and area, with the number of its seats. */
    Optional<AllocationRecord> allocation(String region, String sitting, String examArea);

    /** What is stored of an allocation. */
    record AllocationRecord(String region, String sitting, String examArea, SeatAllocationSummary.Status status, long seed, int seats,
            Instant allocatedAt, String allocatedBy, Optional<Instant> publishedAt, Optional<String> publishedBy) {
    }

    /**
     * Replaces the seats of the sitting and area (the allocation row made DRAFT if new), only while the
     * allocation is DRAFT: the update that checks the status also takes the row's lock, so a concurrent
     * publication comes first (then false, nothing changed) or waits.
     *
     * @return whether the seats were replaced (false: published)
     */
    boolean replaceSeats(String region, String sitting, String examArea, long seed, Instant at, String by, List<Seat> seats);

    /** DRAFT becomes PUBLISHED by one conditional update; whether this call made the change. */
    boolean publish(String region, String sitting, String examArea, Instant at, String by);

    /** Every seat of the sitting and area, by session, site, room and seat. */
    List<Seat> seats(String region, String sitting, String examArea);

    /** A candidate's seats in the sitting, by session. */
    List<Seat> seatsOf(String region, String sitting, UUID candidate);

    /**
     * Moves seats (same session and enrollment) to their new site, room and seat, in batches; the
     * allocation's seed stays. The places must be free: the unique place constraint refuses a clash.
     */
    void moveSeats(String region, String sitting, List<Seat> moved);

    /** The candidates of the region who need an accessible seat. */
    Set<UUID> accessibleSeatNeeds(String region);

    /** Records (or clears) a candidate's need of an accessible seat. */
    void setAccessibleSeatNeed(String region, UUID candidate, boolean needed, Instant at, String by);
}
