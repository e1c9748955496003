package org.kaowu.api.rules;

import java.time.LocalDateTime;

/** When online enrollment for a sitting is open, opens inclusive and closes exclusive, in region time. */
public record EnrollmentWindow(LocalDateTime opens, LocalDateTime closes) {
    public EnrollmentWindow {
        Check.present(opens, "window opens");
        Check.present(closes, "window closes");
        if (!opens.isBefore(closes)) {
            throw new IllegalArgumentException("enrollment window closes (" + closes + ") before it opens (" + opens + ")");
        }
    }

    public boolean contains(LocalDateTime time) {
        return !time.isBefore(opens) && time.isBefore(closes);
    }
}
