package org.kaowu.api.rules;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

import org.kaowu.api.LocalizedText;

/**
 * One exam sitting (e.g. April 2019): its enrollment windows, its sessions and the day scores are
 * published. Enrollment closes before the first session; scores are published after the last.
 */
public record Sitting(String code, LocalizedText names, List<EnrollmentWindow> enrollment, List<ExamSession> sessions,
        LocalDate scorePublication) {
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
    }
}
