package org.kaowu.store.internal;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Row of table {@code education_proof_chunk}: one piece of a proof document's base64. */
@Entity
@Table(name = "education_proof_chunk")
@IdClass(EducationProofChunkEntity.Key.class)
public class EducationProofChunkEntity {
    @Id
    @Column(name = "candidate_id", length = 36)
    String candidateId;
    @Id
    @Column(name = "seq")
    int seq;
    @Column(name = "format", nullable = false)
    String format;
    @Column(name = "data", nullable = false, length = 30000)
    String data;
    @Column(name = "uploaded_at", nullable = false)
    Instant uploadedAt;

    /** Primary key: candidate and chunk number. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String candidateId;
        int seq;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.candidateId.equals(candidateId) && k.seq == seq;
        }

        @Override
        public int hashCode() {
            return candidateId.hashCode() * 31 + seq;
        }
    }
}
