package org.kaowu.api;

import java.util.Objects;

/**
 * An exam room (考场) at an exam site (考点) of an exam area, as the province office lists it: its seats are
 * numbered 1 to {@code capacity} in the order they stand, so consecutive numbers are neighbours, and seats 1
 * to {@code accessibleSeats} are accessible (step-free, wide). A room out of use ({@code inUse} false) gets
 * no candidates; taking one out of use after allocation moves only its candidates.
 */
public record ExamRoom(String examArea, String site, String siteName, String room, int capacity, int accessibleSeats, boolean inUse) {
    public ExamRoom {
        Objects.requireNonNull(examArea, "examArea");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(siteName, "siteName");
        Objects.requireNonNull(room, "room");
        if (capacity < 1 || accessibleSeats < 0 || accessibleSeats > capacity) {
            throw new IllegalArgumentException("a room has 1 seat or more, and at most as many accessible seats as seats");
        }
    }
}
