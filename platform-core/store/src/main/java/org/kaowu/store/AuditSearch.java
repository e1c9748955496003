package org.kaowu.store;

import java.time.Instant;
import java.util.Optional;

/**
 * What to look for in the audit trail across regions: each present criterion narrows the search (actor,
 * subject and action match exactly; the time range is {@code from} inclusive to {@code to} exclusive).
 */
public record AuditSearch(Optional<String> actor, Optional<String> subject, Optional<String> action, Optional<String> region,
        Optional<Instant> from, Optional<Instant> to, int limit) {
    public AuditSearch {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }
}
