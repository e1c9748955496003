package org.kaowu.store.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Row of table {@code session_epoch}: an account's sessions issued before {@code notBefore} are over, but for the kept one. */
@Entity
@Table(name = "session_epoch")
public class SessionEpochEntity {
    @Id
    @Column(name = "subject", length = 36)
    String subject;
    @Column(name = "not_before", nullable = false)
    Instant notBefore;
    @Column(name = "kept_token", length = 36)
    String keptToken;
}
