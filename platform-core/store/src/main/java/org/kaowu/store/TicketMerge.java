package org.kaowu.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A ticket number merged into the one a candidate kept; an office may undo it. */
public record TicketMerge(UUID id, String region, UUID candidate, String keptTicket, String mergedTicket, Instant mergedAt,
        Optional<Instant> undoneAt, Optional<String> undoneBy) {
}
