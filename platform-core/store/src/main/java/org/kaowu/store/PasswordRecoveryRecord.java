package org.kaowu.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A pending password recovery or mobile binding: only the SHA-256 of its secret (link token or SMS code) is
 * kept; {@code target} is where a binding code went (stored encrypted).
 */
public record PasswordRecoveryRecord(UUID id, UUID candidate, String channel, String secretHash, Instant expiresAt,
        Optional<Instant> usedAt, int attempts, Optional<String> target) {
}
