package org.kaowu.store;

import java.time.Instant;
import java.util.Optional;

import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.RegistrationStatus;

/**
 * A validated candidate about to be stored. {@code decidedBy} names the region bundle and version whose
 * rules accepted the registration.
 */
public record NewCandidate(
        String region,
        String name,
        IdentityDocumentType idType,
        String idNumber,
        String mobile,
        Optional<String> email,
        String passwordHash,
        RegistrationStatus status,
        String officeCode,
        String decidedByBundle,
        String decidedByVersion,
        Instant createdAt,
        Optional<String> nextStep,
        Optional<String> securityQuestion,
        Optional<String> securityAnswerHash,
        Optional<String> assistanceUnit,
        Optional<String> examLanguage) {

    @Override
    public String toString() {
        return "NewCandidate[region=" + region + ", status=" + status + "]";
    }
}
