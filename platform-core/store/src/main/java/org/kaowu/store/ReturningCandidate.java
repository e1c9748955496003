package org.kaowu.store;

import java.util.List;

/**
 * A returning candidate taking up records on file: the new candidate row (holding the kept ticket number)
 * and the other ticket numbers to merge into it, all in one transaction.
 */
public record ReturningCandidate(NewCandidate candidate, String keptTicket, List<String> mergedTickets) {
    public ReturningCandidate {
        mergedTickets = List.copyOf(mergedTickets);
    }
}
