package org.kaowu.api;

import java.time.Instant;
import java.util.Optional;

/** One entry of a region's audit trail. */
public record AuditEntry(Instant at, String actor, String action, Optional<String> subject, String outcome, Optional<String> detail) {
}
