package org.kaowu.api;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Scores (成绩): imported from the marking centres by the province office, published on the sitting's
 * publication date (the region's calendar, on the platform clock in the region's zone) and only then
 * seen by anyone outside the province office: by ticket and ID number on the public lookup, and by the
 * logged-in candidate with every attempt, the best that counts, its validity and what each major still
 * lacks.
 */
@ProviderType
public interface ExamScores {
    /**
     * A province office imports a marking centre's CSV file for a sitting (header {@code ticketNumber},
     * {@code course}, {@code score}): points 0–100, or a grade for graded courses. Checked whole (unknown
     * ticket numbers, courses the candidate's paid enrollment of the sitting does not hold, scores out of
     * range for the course's grading, rows repeated) and applied all or nothing with its audit entry; the
     * scores of a course of the sitting imported before are replaced, only before publication.
     *
     * @throws ImportRefusedException IMPORT_REFUSED with every line at fault; nothing applied
     * @throws KaowuException FORBIDDEN unless the region's province office, SITTING_NOT_FOUND, SCORES_PUBLISHED on and after publication
     */
    ScoreImport importScores(String token, String region, String sitting, InputStream csv);

    /**
     * The public lookup by ticket and ID number: the candidate's scores of the sitting ({@code sitting},
     * or the latest sitting whose exams are over). Audited; the same SCORE_NOT_FOUND for every mismatch.
     *
     * @throws KaowuException SCORES_NOT_PUBLISHED before the sitting's publication date, SCORE_NOT_FOUND, SITTING_NOT_FOUND
     */
    List<SittingScore> lookup(String region, String ticketNumber, String idNumber, Optional<String> sitting, String client);

    /** The logged-in candidate's published scores, best per course, validity and missing courses per major. */
    Transcript transcript(String region, String token);

    /**
     * The province office reads the scores of a course of a sitting, before publication too (audited).
     *
     * @throws KaowuException FORBIDDEN unless the region's province office, SITTING_NOT_FOUND, FIELD_REQUIRED without a course
     */
    List<ScoreSheetRow> scoreSheet(String token, String region, String sitting, String course);

    /** One candidate's score in a course, by ticket number, as the province office reads it. */
    record ScoreSheetRow(String ticketNumber, Score score, boolean corrected) {
    }
}
