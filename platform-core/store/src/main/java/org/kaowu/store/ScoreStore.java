package org.kaowu.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.kaowu.api.Recheck;
import org.kaowu.api.Score;

/**
 * Persistence of scores and re-checks. The database holds the invariants: one score per candidate, course
 * and sitting; one re-check per candidate, course and sitting; a re-check decided once (conditional update).
 * Calls join the thread's transaction ({@link AccountStore#atomically}), so an import or a decision commits
 * with its audit entry.
 */
public interface ScoreStore {
    /** Who may be scored at a sitting: the ticket number, candidate and course of every line of a PAID enrollment of it. */
    List<Examinee> examinees(String region, String sitting);

    /** A course of a paid enrollment, with the candidate's ticket number. */
    record Examinee(String ticketNumber, UUID candidate, String course) {
    }

    /**
     * Deletes every score of {@code courses} at the sitting and writes {@code scores} (in batches).
     *
     * @return how many scores were deleted (those replaced)
     */
    int replaceScores(String region, String sitting, Set<String> courses, List<StoredScore> scores);

    /** The candidate's scores of every sitting. */
    List<StoredScore> scoresOf(String region, UUID candidate);

    /** The scores of a course at a sitting (every candidate). */
    List<StoredScore> scoresOfCourse(String region, String sitting, String course);

    /** Replaces one score by a re-check's corrected one (marked corrected); whether it existed. */
    boolean correctScore(String region, String sitting, String course, UUID candidate, Score score, Instant at);

    /** Stores an application; when the candidate already applied for the course at the sitting, answers that one (the unique constraint decides). */
    Recheck applyRecheck(Recheck recheck);

    Optional<Recheck> findRecheck(String region, UUID id);

    /** The candidate's re-checks, newest first. */
    List<Recheck> rechecksOf(String region, UUID candidate);

    /** The re-checks of a sitting (every sitting when empty), oldest first. */
    List<Recheck> rechecks(String region, Optional<String> sitting);

    /** APPLIED becomes {@code outcome} (with {@code after} when corrected) by one conditional update; whether this call made the change. */
    boolean decideRecheck(String region, UUID id, Recheck.Status outcome, Optional<Score> after, String decidedBy, Instant at);
}
