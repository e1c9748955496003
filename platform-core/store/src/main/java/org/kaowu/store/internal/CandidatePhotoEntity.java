package org.kaowu.store.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Row of table {@code candidate_photo}. */
@Entity
@Table(name = "candidate_photo")
public class CandidatePhotoEntity {
    @Id
    @Column(name = "candidate_id", length = 36)
    String candidateId;
    @Column(name = "format", nullable = false)
    String format;
    @Column(name = "image_base64", nullable = false, length = 32000)
    String imageBase64;
    @Column(name = "taken_at", nullable = false)
    Instant takenAt;
}
