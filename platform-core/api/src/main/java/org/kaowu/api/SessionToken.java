package org.kaowu.api;

import java.time.Instant;

/** A signed session token and when it expires; the server keeps no session state. */
public record SessionToken(String token, Instant expiresAt) {
    @Override
    public String toString() {
        return "SessionToken[expiresAt=" + expiresAt + "]";
    }
}
