package org.kaowu.api;

import java.util.Optional;

/** A staff account as shown: never its password. */
public record StaffView(String username, StaffRole role, Optional<String> region, Optional<String> office) {
}
