package org.kaowu.api.rules;

import java.util.List;
import java.util.Set;

/**
 * A region's registration flow: the ordered steps for new and for returning candidates, the step after
 * which the ticket number is issued, and the identifiers a candidate may log in with.
 */
public record Flow(List<RegistrationStep> newCandidates, List<RegistrationStep> returningCandidates, String ticketIssuedAfter,
        Set<LoginIdentifier> loginIdentifiers) {
    public Flow {
        newCandidates = Check.nonEmpty(newCandidates, "newCandidates");
        returningCandidates = Check.list(returningCandidates, "returningCandidates");
        Check.unique(newCandidates, RegistrationStep::code, "new-candidate step");
        Check.unique(returningCandidates, RegistrationStep::code, "returning-candidate step");
        RegistrationStep.Kind first = newCandidates.get(0).kind();
        if (first != RegistrationStep.Kind.REGISTER && first != RegistrationStep.Kind.PRE_REGISTER) {
            throw new IllegalArgumentException("the first new-candidate step must be REGISTER or PRE_REGISTER, not " + first);
        }
        String issuedAfter = Check.present(ticketIssuedAfter, "ticketIssuedAfter");
        if (newCandidates.stream().noneMatch(s -> s.code().equals(issuedAfter))) {
            throw new IllegalArgumentException("ticketIssuedAfter '" + issuedAfter + "' is not a new-candidate step");
        }
        loginIdentifiers = Set.copyOf(Check.present(loginIdentifiers, "loginIdentifiers"));
        if (loginIdentifiers.isEmpty()) {
            throw new IllegalArgumentException("loginIdentifiers must not be empty");
        }
    }
}
