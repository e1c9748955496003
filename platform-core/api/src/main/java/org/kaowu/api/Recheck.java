package org.kaowu.api;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A score re-check (成绩复查) a candidate applied for: one per course and sitting. The county office
 * records the outcome: unchanged, or corrected with the new score, which then replaces the old one
 * everywhere.
 */
public record Recheck(UUID id, String region, UUID candidate, String sitting, String course, Status status, Score before, Optional<Score> after,
        Instant appliedAt, Optional<Instant> decidedAt, Optional<String> decidedBy) {

    public enum Status {
        /** Applied for; the office has not recorded an outcome yet. */
        APPLIED,
        /** Re-checked: the score stands. */
        UNCHANGED,
        /** Re-checked: the score was wrong and is replaced by {@code after}. */
        CORRECTED
    }
}
