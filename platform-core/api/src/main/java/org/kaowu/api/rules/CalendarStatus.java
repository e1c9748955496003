package org.kaowu.api.rules;

import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A region's calendar evaluated at one instant of the platform clock, in the region's time zone:
 * whether the daily lock is on (and until when), which sitting's enrollment is open (and until when),
 * and the next window that opens.
 */
public record CalendarStatus(ZonedDateTime at, Optional<LocalDateTime> lockedUntil, Optional<String> enrollmentOpenFor,
        Optional<LocalDateTime> enrollmentCloses, Optional<String> nextEnrollmentFor, Optional<LocalDateTime> nextEnrollmentOpens) {

    public boolean locked() {
        return lockedUntil.isPresent();
    }

    /** Evaluates the calendar at {@code at} (already in the region's zone). */
    public static CalendarStatus of(ZonedDateTime at, List<Sitting> sittings, List<DailyLock> locks) {
        LocalDateTime local = at.toLocalDateTime();
        Optional<LocalDateTime> lockedUntil = locks.stream().filter(l -> l.covers(local.toLocalTime())).findFirst()
                .map(l -> {
                    LocalDateTime end = local.toLocalDate().atTime(l.to());
                    return end.isAfter(local) ? end : end.plusDays(1);
                });
        Optional<String> openFor = Optional.empty();
        Optional<LocalDateTime> closes = Optional.empty();
        Optional<String> nextFor = Optional.empty();
        Optional<LocalDateTime> nextOpens = Optional.empty();
        for (Sitting s : sittings) {
            for (EnrollmentWindow w : s.enrollment()) {
                if (w.contains(local) && openFor.isEmpty()) {
                    openFor = Optional.of(s.code());
                    closes = Optional.of(w.closes());
                } else if (w.opens().isAfter(local) && (nextOpens.isEmpty() || w.opens().isBefore(nextOpens.get()))) {
                    nextFor = Optional.of(s.code());
                    nextOpens = Optional.of(w.opens());
                }
            }
        }
        return new CalendarStatus(at, lockedUntil, openFor, closes, nextFor, nextOpens);
    }
}
