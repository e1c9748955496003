package org.kaowu.store.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** Row of table {@code staff}. */
@Entity
@Table(name = "staff")
public class StaffEntity {
    @Id
    @Column(name = "id", length = 36)
    String id;
    @Column(name = "username", nullable = false)
    String username;
    @Column(name = "password_hash", nullable = false)
    String passwordHash;
    @Column(name = "staff_role", nullable = false)
    String role;
    @Column(name = "region_code")
    String regionCode;
    @Column(name = "office_code")
    String officeCode;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "disabled_at")
    Instant disabledAt;
    @Version
    @Column(name = "row_version", nullable = false)
    long rowVersion;
}
