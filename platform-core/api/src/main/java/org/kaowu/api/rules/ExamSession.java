package org.kaowu.api.rules;

import java.time.LocalDate;
import java.time.LocalTime;

/** One session (场次) of a sitting: a date and a morning or afternoon slot; one course per candidate. */
public record ExamSession(LocalDate date, LocalTime starts, LocalTime ends) {
    public ExamSession {
        Check.present(date, "session date");
        Check.present(starts, "session starts");
        Check.present(ends, "session ends");
        if (!starts.isBefore(ends)) {
            throw new IllegalArgumentException("session on " + date + " ends (" + ends + ") before it starts (" + starts + ")");
        }
    }
}
