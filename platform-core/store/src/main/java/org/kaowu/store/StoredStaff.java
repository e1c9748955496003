package org.kaowu.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.kaowu.api.StaffRole;

/**
 * A staff account: role and scope (region, and the office or assistance-unit code; a platform
 * administrator has neither).
 */
public record StoredStaff(UUID id, String username, String passwordHash, StaffRole role, Optional<String> region,
        Optional<String> office, Instant createdAt) {
    @Override
    public String toString() {
        return "StoredStaff[" + username + ", " + role + "]";
    }
}
