package org.kaowu.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A search of a region's audit trail: each given criterion narrows it ({@code actor}, {@code subject} and
 * {@code action} exactly; {@code from} inclusive, {@code to} exclusive). Newest first.
 */
public record AuditQuery(String region, Optional<String> actor, Optional<String> subject, Optional<String> action, Optional<Instant> from,
        Optional<Instant> to, int offset, int limit) {

    /** A page of matching entries and how many match in all. */
    public record Page(List<AuditEvent> events, long total) {
        public Page {
            events = List.copyOf(events);
        }
    }
}
