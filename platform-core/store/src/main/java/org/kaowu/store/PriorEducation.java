package org.kaowu.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * An associate-to-bachelor candidate's prior education: the major applied for, the associate diploma
 * number, and where its verification stands.
 */
public record PriorEducation(UUID candidate, String major, String diplomaNumber, Status status, Optional<String> reference,
        Optional<String> reason, Instant updatedAt) {

    public enum Status {
        /** The national records confirmed the diploma. */
        VERIFIED,
        /** The records did not confirm it: the candidate may upload proof. */
        NOT_FOUND,
        /** Proof uploaded, waiting for an office. */
        PROOF_SUBMITTED,
        /** An office accepted the proof. */
        ACCEPTED,
        /** An office rejected the proof (with a reason); new proof may be uploaded. */
        REJECTED
    }

    @Override
    public String toString() {
        return "PriorEducation[candidate=" + candidate + ", status=" + status + "]";
    }
}
