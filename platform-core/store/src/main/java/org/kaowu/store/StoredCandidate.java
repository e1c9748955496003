package org.kaowu.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.RegistrationStatus;

/** A candidate as stored. Holds personal data: never log it whole. */
public record StoredCandidate(
        UUID id,
        String region,
        String name,
        IdentityDocumentType idType,
        String idNumber,
        String mobile,
        Optional<String> email,
        String passwordHash,
        RegistrationStatus status,
        Optional<String> ticketNumber,
        String officeCode,
        String decidedByBundle,
        String decidedByVersion,
        Instant createdAt) {

    @Override
    public String toString() {
        return "StoredCandidate[id=" + id + ", region=" + region + ", status=" + status + "]";
    }
}
