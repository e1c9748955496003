package org.kaowu.api.rules;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One session (场次) of a sitting: a date and a morning or afternoon slot, and the codes of the courses
 * examined in it (the sitting's timetable); one course per session per candidate. {@code id} is stable:
 * enrollments name the session by it, so it stays when a time is corrected. A session without an id in
 * the data gets one from its date and start ({@code 2019-04-13-0900}); one without courses examines none.
 */
public record ExamSession(String id, LocalDate date, LocalTime starts, LocalTime ends, List<String> courses) {
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm");

    public ExamSession {
        Check.present(date, "session date");
        Check.present(starts, "session starts");
        Check.present(ends, "session ends");
        if (!starts.isBefore(ends)) {
            throw new IllegalArgumentException("session on " + date + " ends (" + ends + ") before it starts (" + starts + ")");
        }
        id = Check.code(id == null ? date + "-" + HHMM.format(starts) : id, "session id");
        courses = Check.list(courses == null ? List.of() : courses, "session " + id + " courses");
        for (String c : courses) {
            Check.code(c, "session " + id + " course");
        }
        Check.unique(courses, c -> c, "session course");
    }

    /** A session without a timetable, its id taken from date and start. */
    public ExamSession(LocalDate date, LocalTime starts, LocalTime ends) {
        this(null, date, starts, ends, List.of());
    }
}
