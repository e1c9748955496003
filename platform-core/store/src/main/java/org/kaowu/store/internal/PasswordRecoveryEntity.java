package org.kaowu.store.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Row of table {@code password_recovery}. */
@Entity
@Table(name = "password_recovery")
public class PasswordRecoveryEntity {
    @Id
    @Column(name = "id", length = 36)
    String id;
    @Column(name = "candidate_id", nullable = false, length = 36)
    String candidateId;
    @Column(name = "channel", nullable = false)
    String channel;
    @Column(name = "secret_hash", nullable = false, length = 64)
    String secretHash;
    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;
    @Column(name = "used_at")
    Instant usedAt;
    @Column(name = "attempts", nullable = false)
    int attempts;
    /** Where a mobile-binding code went, encrypted ({@link PersonalData}). */
    @Column(name = "target_enc")
    String targetEnc;
}
