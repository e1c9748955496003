package org.kaowu.service.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.TicketSequence;
import org.kaowu.api.rules.Flow;
import org.kaowu.api.rules.RegistrationStep;
import org.kaowu.spi.TicketRequest;
import org.kaowu.store.StoredCandidate;

/**
 * Moves a candidate along the region's registration flow: the step after the one just done becomes the
 * next step, the record takes the done step's status, and the ticket number is issued when the done step
 * is the one the region names.
 */
final class Flows {
    private Flows() {
    }

    /** The step after the first, where a new registration continues (empty: the flow is done). */
    static Optional<String> afterRegistration(Flow flow) {
        return flow.newCandidates().size() > 1 ? Optional.of(flow.newCandidates().get(1).code()) : Optional.empty();
    }

    /** The candidate's next step if it is of {@code kind}; otherwise WRONG_STEP. */
    static RegistrationStep expect(Flow flow, StoredCandidate c, RegistrationStep.Kind kind) {
        Optional<RegistrationStep> next = c.nextStep().flatMap(code -> step(flow, code));
        if (next.isEmpty() || next.get().kind() != kind) {
            throw new KaowuException(ErrorCode.WRONG_STEP, "This candidate's next step is " + c.nextStep().orElse("none (registration complete)")
                    + ", not " + kind);
        }
        return next.get();
    }

    /** The step of that code: a new candidate's, else a returning candidate's (whose path may add steps, e.g. a mobile binding). */
    static Optional<RegistrationStep> step(Flow flow, String code) {
        return flow.newCandidates().stream().filter(s -> s.code().equals(code)).findFirst()
                .or(() -> flow.returningCandidates().stream().filter(s -> s.code().equals(code)).findFirst());
    }

    /** The candidate after {@code done}: next step, status, and a ticket number if this step issues it. */
    static StoredCandidate complete(LiveRegion region, StoredCandidate c, RegistrationStep done, TicketSequence sequence, LocalDate today) {
        Flow flow = region.flow().flow();
        // The path the step belongs to: a returning candidate's steps continue along the returning path.
        List<RegistrationStep> steps = flow.newCandidates().contains(done) ? flow.newCandidates() : flow.returningCandidates();
        int at = steps.indexOf(done);
        Optional<String> next = at + 1 < steps.size() ? Optional.of(steps.get(at + 1).code()) : Optional.empty();
        Optional<String> ticket = c.ticketNumber();
        if (done.code().equals(flow.ticketIssuedAfter()) && ticket.isEmpty()) {
            String issued = region.ticketNumbers().issue(new TicketRequest(today, c.officeCode(), c.idType()), sequence);
            if (!region.ticketNumbers().isValid(issued)) {
                throw new IllegalStateException("Region " + region.code() + " issued a ticket number its own format rejects");
            }
            // The ticket is a decision of this region revision, not of the one that registered the candidate.
            return c.progressed(done.statusAfter(), next, Optional.of(issued)).withRejection(Optional.empty())
                    .withTicketIssuedBy(region.bundle() + " " + region.bundleVersion());
        }
        return c.progressed(done.statusAfter(), next, ticket).withRejection(Optional.empty());
    }
}
