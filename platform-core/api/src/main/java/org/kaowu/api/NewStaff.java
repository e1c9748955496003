package org.kaowu.api;

import java.util.Optional;

/** A staff account to create: its role and scope (region, and office or assistance-unit code). */
public record NewStaff(String username, char[] password, StaffRole role, Optional<String> region, Optional<String> office) {
    @Override
    public String toString() {
        return "NewStaff[" + username + ", " + role + "]";
    }
}
