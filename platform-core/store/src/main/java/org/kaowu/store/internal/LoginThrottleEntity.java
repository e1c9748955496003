package org.kaowu.store.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Row of table {@code login_throttle}. */
@Entity
@Table(name = "login_throttle")
public class LoginThrottleEntity {
    @Id
    @Column(name = "key_hash", length = 64)
    String keyHash;
    @Column(name = "failures", nullable = false)
    int failures;
    @Column(name = "locked_until")
    Instant lockedUntil;
    @Column(name = "last_failure", nullable = false)
    Instant lastFailure;
}
