package org.kaowu.api;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A candidate's record as the candidate and authorised staff see it: with the full ID number, never the
 * password or its hash. The REST layer masks the ID number wherever the reader is not entitled to it.
 */
public record CandidateView(UUID id, String region, String name, IdentityDocumentType idType, String idNumber, String mobile,
        boolean mobileVerified, Optional<String> email, RegistrationStatus status, Optional<String> ticketNumber, String office,
        Optional<String> assistanceUnit, Optional<String> nextStep, Optional<String> rejectionReason,
        Optional<String> confirmationMethod, Instant registeredAt, java.util.List<MergedTicket> mergedTickets,
        Optional<PriorEducationView> priorEducation, Optional<String> examLanguage) {

    /** Where the verification of an associate-to-bachelor candidate's prior diploma stands. */
    public record PriorEducationView(String major, String status, Optional<String> reason) {
    }

    /** A ticket number merged into this candidate's; {@code undoneAt} once an office undid the merge. */
    public record MergedTicket(UUID id, String ticketNumber, Instant mergedAt, Optional<Instant> undoneAt) {
    }

    @Override
    public String toString() {
        return "CandidateView[id=" + id + ", region=" + region + ", status=" + status + "]";
    }
}
