package org.kaowu.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A search of the audit trail, for the office desk (one region) and the administration console (every
 * region, or one): each given criterion narrows it ({@code region}, {@code actor}, {@code subject} and
 * {@code action} exactly; {@code from} inclusive, {@code to} exclusive). Without a region it spans every
 * region and the platform's own events (those without a region). Newest first, a page from {@code offset}.
 */
public record AuditQuery(Optional<String> region, Optional<String> actor, Optional<String> subject, Optional<String> action,
        Optional<Instant> from, Optional<Instant> to, int offset, int limit) {
    public AuditQuery {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    /** A page of matching entries and how many match in all. */
    public record Page(List<AuditEvent> events, long total) {
        public Page {
            events = List.copyOf(events);
        }
    }
}
