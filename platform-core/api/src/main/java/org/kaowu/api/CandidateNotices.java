package org.kaowu.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What happened to a candidate, as told to them (通知): by e-mail or SMS through the notification
 * channels, and kept for their portal page. Recorded in the same transaction as the decision it tells of.
 */
@ProviderType
public interface CandidateNotices {
    /** What a notice tells. */
    enum Kind {
        REGISTRATION_APPROVED, REGISTRATION_REJECTED, TICKET_ISSUED, PROOF_ACCEPTED, PROOF_REJECTED, PAYMENT_RECEIVED
    }

    /** One notice: {@code detail} is the rejection reason, the ticket number or the amount paid, where the kind has one. */
    record Notice(UUID id, Kind kind, Optional<String> detail, Instant at) {
    }

    /** The signed-in candidate's notices, newest first. @throws KaowuException UNAUTHENTICATED */
    List<Notice> mine(String region, String token);
}
