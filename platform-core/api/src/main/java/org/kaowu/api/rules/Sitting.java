package org.kaowu.api.rules;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

import org.kaowu.api.LocalizedText;

/**
 * One exam sitting (e.g. April 2019): its enrollment windows, its sessions and the day scores are
 * published. Enrollment closes before the first session; scores are published after the last. The
 * sessions' courses are the sitting's timetable: session ids are unique in the sitting and a course is
 * examined in one session at most. {@code sample} marks a timetable that is sample data, not the
 * authority's published one.
 */
public record Sitting(String code, LocalizedText names, List<EnrollmentWindow> enrollment, List<ExamSession> sessions,
        LocalDate scorePublication, boolean sample) {
    public Sitting {
        Check.code(code, "sitting code");
        Check.present(names, "sitting names");
        enrollment = Check.nonEmpty(enrollment, "sitting " + code + " enrollment");
        sessions = Check.nonEmpty(sessions, "sitting " + code + " sessions");
        Check.present(scorePublication, "sitting " + code + " scorePublication");
        LocalDate first = sessions.stream().map(ExamSession::date).min(Comparator.naturalOrder()).orElseThrow();
        LocalDate last = sessions.stream().map(ExamSession::date).max(Comparator.naturalOrder()).orElseThrow();
        for (EnrollmentWindow w : enrollment) {
            if (!w.closes().toLocalDate().isBefore(first)) {
                throw new IllegalArgumentException("sitting " + code + ": enrollment closes " + w.closes() + ", not before the first session on " + first);
            }
        }
        if (!scorePublication.isAfter(last)) {
            throw new IllegalArgumentException("sitting " + code + ": scores published " + scorePublication + ", not after the last session on " + last);
        }
        Check.unique(sessions, ExamSession::id, "sitting " + code + " session id");
        java.util.Map<String, String> sessionOf = new java.util.HashMap<>();
        for (ExamSession s : sessions) {
            for (String course : s.courses()) {
                String other = sessionOf.putIfAbsent(course, s.id());
                if (other != null) {
                    throw new IllegalArgumentException("sitting " + code + ": course " + course + " is in two sessions, " + other + " and " + s.id());
                }
            }
        }
    }

    /** A sitting whose timetable is not sample data. */
    public Sitting(String code, LocalizedText names, List<EnrollmentWindow> enrollment, List<ExamSession> sessions, LocalDate scorePublication) {
        this(code, names, enrollment, sessions, scorePublication, false);
    }

    /** The session that examines {@code course}, if any. */
    public java.util.Optional<ExamSession> sessionOf(String course) {
        return sessions.stream().filter(s -> s.courses().contains(course)).findFirst();
    }
}
