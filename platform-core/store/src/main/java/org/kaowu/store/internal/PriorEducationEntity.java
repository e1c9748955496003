package org.kaowu.store.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** Row of table {@code prior_education}. */
@Entity
@Table(name = "prior_education")
public class PriorEducationEntity {
    @Id
    @Column(name = "candidate_id", length = 36)
    String candidateId;
    @Column(name = "major_code", nullable = false)
    String majorCode;
    @Column(name = "diploma_number", nullable = false)
    String diplomaNumber;
    @Column(name = "status", nullable = false)
    String status;
    @Column(name = "reference")
    String reference;
    @Column(name = "reason")
    String reason;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
    @Version
    @Column(name = "row_version", nullable = false)
    long rowVersion;
}
