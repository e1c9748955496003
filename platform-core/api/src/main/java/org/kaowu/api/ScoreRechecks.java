package org.kaowu.api;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Score re-checks (成绩复查): a candidate applies per course within the region's window (from the sitting's
 * publication for the region's number of working days, on its working-day calendar with holidays and
 * make-up days); the office in the candidate's scope records the outcome, audited; a corrected score
 * replaces the old one everywhere and the candidate is notified.
 */
@ProviderType
public interface ScoreRechecks {
    /**
     * Applies for a re-check of a published score; applying again answers the same application.
     *
     * @throws KaowuException RECHECK_CLOSED outside the window (before publication too), SCORE_NOT_FOUND, SITTING_NOT_FOUND
     */
    Recheck apply(String region, String token, String sitting, String course);

    /** The candidate's applications, newest first. */
    List<Recheck> mine(String region, String token);

    /** The applications of the sitting (all sittings when empty) in the office's scope, oldest first. */
    List<Recheck> inScope(String token, String region, Optional<String> sitting);

    /**
     * Records the outcome: {@code corrected} with the new score (as the course's grading takes it), or
     * unchanged. Once only.
     *
     * @throws KaowuException FORBIDDEN outside the scope, WRONG_STEP when already decided, SCORE_OUT_OF_RANGE, FIELD_REQUIRED
     */
    Recheck decide(String token, String region, UUID recheck, boolean corrected, Optional<String> newScore);
}
