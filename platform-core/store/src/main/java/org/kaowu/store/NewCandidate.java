package org.kaowu.store;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.kaowu.api.rules.LoginIdentifier;

import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.RegistrationStatus;

/**
 * A validated candidate about to be stored. {@code decidedBy} names the region bundle and version whose
 * rules accepted the registration. {@code loginNames} says which of the e-mail address and mobile number
 * are login names in the region's flow: those are unique per region (the ID and ticket numbers always are).
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
        Optional<String> examLanguage,
        Set<LoginIdentifier> loginNames) {

    @Override
    public String toString() {
        return "NewCandidate[region=" + region + ", status=" + status + "]";
    }
}
