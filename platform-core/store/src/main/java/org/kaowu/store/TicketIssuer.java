package org.kaowu.store;

import java.util.Optional;

import org.kaowu.api.TicketSequence;

/**
 * Called by the store inside the registration transaction to issue the ticket number, or to issue
 * none when the region issues it at a later step.
 */
@FunctionalInterface
public interface TicketIssuer {
    Optional<String> issue(TicketSequence sequence);
}
