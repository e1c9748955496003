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
        Instant createdAt,
        Optional<String> nextStep,
        Optional<String> rejectionReason,
        Optional<String> securityQuestion,
        Optional<String> securityAnswerHash,
        boolean mobileVerified,
        Optional<String> assistanceUnit,
        Optional<String> confirmationMethod,
        Optional<String> confirmedBy,
        Optional<Instant> confirmedAt,
        Optional<String> examLanguage,
        Optional<String> ticketIssuedBy) {

    /** A copy with another status, next step and ticket number (the flow's progress). */
    public StoredCandidate progressed(RegistrationStatus newStatus, Optional<String> newNextStep, Optional<String> newTicket) {
        return new StoredCandidate(id, region, name, idType, idNumber, mobile, email, passwordHash, newStatus, newTicket, officeCode,
                decidedByBundle, decidedByVersion, createdAt, newNextStep, rejectionReason, securityQuestion, securityAnswerHash,
                mobileVerified, assistanceUnit, confirmationMethod, confirmedBy, confirmedAt, examLanguage, ticketIssuedBy);
    }

    public StoredCandidate withRejection(Optional<String> reason) {
        return new StoredCandidate(id, region, name, idType, idNumber, mobile, email, passwordHash, status, ticketNumber, officeCode,
                decidedByBundle, decidedByVersion, createdAt, nextStep, reason, securityQuestion, securityAnswerHash,
                mobileVerified, assistanceUnit, confirmationMethod, confirmedBy, confirmedAt, examLanguage, ticketIssuedBy);
    }

    public StoredCandidate withPasswordHash(String hash) {
        return new StoredCandidate(id, region, name, idType, idNumber, mobile, email, hash, status, ticketNumber, officeCode,
                decidedByBundle, decidedByVersion, createdAt, nextStep, rejectionReason, securityQuestion, securityAnswerHash,
                mobileVerified, assistanceUnit, confirmationMethod, confirmedBy, confirmedAt, examLanguage, ticketIssuedBy);
    }

    public StoredCandidate withMobileVerified(String verifiedMobile) {
        return new StoredCandidate(id, region, name, idType, idNumber, verifiedMobile, email, passwordHash, status, ticketNumber, officeCode,
                decidedByBundle, decidedByVersion, createdAt, nextStep, rejectionReason, securityQuestion, securityAnswerHash,
                true, assistanceUnit, confirmationMethod, confirmedBy, confirmedAt, examLanguage, ticketIssuedBy);
    }

    public StoredCandidate withConfirmation(String method, String by, Instant at) {
        return new StoredCandidate(id, region, name, idType, idNumber, mobile, email, passwordHash, status, ticketNumber, officeCode,
                decidedByBundle, decidedByVersion, createdAt, nextStep, rejectionReason, securityQuestion, securityAnswerHash,
                mobileVerified, assistanceUnit, Optional.of(method), Optional.of(by), Optional.of(at), examLanguage, ticketIssuedBy);
    }

    /** A copy naming the region bundle and version that issued the ticket number after registration. */
    public StoredCandidate withTicketIssuedBy(String bundleAndVersion) {
        return new StoredCandidate(id, region, name, idType, idNumber, mobile, email, passwordHash, status, ticketNumber, officeCode,
                decidedByBundle, decidedByVersion, createdAt, nextStep, rejectionReason, securityQuestion, securityAnswerHash,
                mobileVerified, assistanceUnit, confirmationMethod, confirmedBy, confirmedAt, examLanguage, Optional.of(bundleAndVersion));
    }

    /** A copy with corrected identity data (an office's correction, or a rejected candidate's resubmission). */
    public StoredCandidate withIdentity(String newName, IdentityDocumentType newIdType, String newIdNumber) {
        return new StoredCandidate(id, region, newName, newIdType, newIdNumber, mobile, email, passwordHash, status, ticketNumber, officeCode,
                decidedByBundle, decidedByVersion, createdAt, nextStep, rejectionReason, securityQuestion, securityAnswerHash,
                mobileVerified, assistanceUnit, confirmationMethod, confirmedBy, confirmedAt, examLanguage, ticketIssuedBy);
    }

    @Override
    public String toString() {
        return "StoredCandidate[id=" + id + ", region=" + region + ", status=" + status + "]";
    }
}
