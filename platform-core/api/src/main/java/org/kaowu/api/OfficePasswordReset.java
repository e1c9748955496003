package org.kaowu.api;

import java.time.Instant;
import java.util.UUID;

/**
 * A password reset an office started for a candidate who came in person with their ID: the one-time
 * {@code code} is handed to the candidate, who sets a new password with it (recovery {@code recovery}) before
 * {@code expiresAt}. Only its hash is stored; it is shown this once.
 */
public record OfficePasswordReset(UUID recovery, String code, Instant expiresAt) {
    @Override
    public String toString() {
        return "OfficePasswordReset[recovery=" + recovery + ", expiresAt=" + expiresAt + "]";
    }
}
