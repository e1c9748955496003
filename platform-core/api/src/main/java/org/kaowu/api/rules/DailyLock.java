package org.kaowu.api.rules;

import java.time.LocalTime;

import org.kaowu.api.LocalizedText;

/**
 * A daily period in which the region's system is closed (e.g. bank reconciliation 02:00 to 06:00), in
 * the region's time zone. A lock may run past midnight ({@code from} after {@code to}).
 */
public record DailyLock(LocalTime from, LocalTime to, LocalizedText reason) {
    public DailyLock {
        Check.present(from, "lock from");
        Check.present(to, "lock to");
        Check.present(reason, "lock reason");
        if (from.equals(to)) {
            throw new IllegalArgumentException("lock from and to are both " + from + "; a lock must last some time");
        }
    }

    /** Whether {@code time} falls in the lock: from inclusive, to exclusive. */
    public boolean covers(LocalTime time) {
        return from.isBefore(to)
                ? !time.isBefore(from) && time.isBefore(to)
                : !time.isBefore(from) || time.isBefore(to);
    }
}
