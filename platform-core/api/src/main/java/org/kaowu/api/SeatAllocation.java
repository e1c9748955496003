package org.kaowu.api;

import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Seat allocation (编排考场) for a sitting, per exam area and session, by the region's province office:
 * every course of a PAID enrollment gets one seat in a room of the enrollment's exam area; candidates of
 * one course sit together where the rooms allow; neighbours never share a course where the region's
 * {@code SeatingPolicy} asks it; candidates who need an accessible seat get one. The same enrollments,
 * rooms, policy and seed give the same seats. Repeatable until published; published is frozen (audited),
 * except that a room taken out of use moves its candidates, and only them.
 */
@ProviderType
public interface SeatAllocation {
    /**
     * Allocates (again) the seats of the sitting in the exam area, written in JDBC batches, audited.
     *
     * @throws KaowuException SITTING_NOT_FOUND, UNKNOWN_EXAM_AREA, SEAT_ALLOCATION_PUBLISHED, SEATS_INSUFFICIENT, FORBIDDEN
     */
    SeatAllocationSummary allocate(String token, String region, String sitting, String examArea, long seed);

    /** @throws KaowuException SEAT_ALLOCATION_NOT_FOUND, FORBIDDEN */
    SeatAllocationSummary summary(String token, String region, String sitting, String examArea);

    /**
     * Freezes the allocation (one conditional update, audited in the same transaction): admission notices
     * show its seats from the region's notice date on.
     *
     * @throws KaowuException SEAT_ALLOCATION_NOT_FOUND, SEAT_ALLOCATION_PUBLISHED
     */
    SeatAllocationSummary publish(String token, String region, String sitting, String examArea);

    /**
     * A late change: the room is out of use from now on; the candidates seated in it in this sitting are
     * moved to free seats of the area's other rooms (same rules), everybody else keeps their seat. Audited.
     *
     * @throws KaowuException ROOM_NOT_FOUND, SEAT_ALLOCATION_NOT_FOUND, SEATS_INSUFFICIENT (nothing changed)
     */
    SeatAllocationSummary closeRoom(String token, String region, String sitting, String examArea, String site, String room);

    /**
     * Records whether a candidate needs an accessible seat (any office in scope; audited). Allocations
     * made afterwards seat the candidate in an accessible seat.
     *
     * @throws KaowuException CANDIDATE_NOT_FOUND, FORBIDDEN
     */
    void recordAccessibleSeatNeed(String token, String region, UUID candidate, boolean needed);
}
