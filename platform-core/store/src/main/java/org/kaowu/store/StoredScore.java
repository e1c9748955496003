package org.kaowu.store;

import java.time.Instant;
import java.util.UUID;

import org.kaowu.api.Score;

/** A score as stored: of a candidate (and the ticket number it was imported under) in one course at one sitting. */
public record StoredScore(String region, String sitting, String course, UUID candidate, String ticketNumber, Score score, boolean corrected,
        Instant importedAt, String importedBy) {
}
