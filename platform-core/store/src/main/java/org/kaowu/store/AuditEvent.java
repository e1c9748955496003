package org.kaowu.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One audited decision or access: who ({@code actor}: "staff:<username>", "candidate:<id>", "client:<address>"),
 * what ({@code action}), in which region, about whom ({@code subject}: a candidate id), with which outcome
 * ("ALLOWED", "DENIED", "DONE", "FAILED"). Details never hold an unmasked ID number or a password.
 */
public record AuditEvent(Instant at, String actor, String action, Optional<String> region, Optional<String> subject, String outcome,
        Optional<String> detail) {
}
