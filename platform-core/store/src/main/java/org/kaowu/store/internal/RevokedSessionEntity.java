package org.kaowu.store.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Row of table {@code revoked_session}. */
@Entity
@Table(name = "revoked_session")
public class RevokedSessionEntity {
    @Id
    @Column(name = "token_id", length = 36)
    String tokenId;
    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;
}
