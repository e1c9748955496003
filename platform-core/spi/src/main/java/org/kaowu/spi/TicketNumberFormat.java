package org.kaowu.spi;

import org.kaowu.api.TicketNumberStructure;
import org.kaowu.api.TicketSequence;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A region's ticket-number (准考证号) rules. The core calls {@link #issue} inside the transaction that
 * stores the candidate, at the step where the region issues numbers; uniqueness is also enforced by
 * the database.
 */
@ConsumerType
public interface TicketNumberFormat {
    /**
     * Builds the next ticket number.
     *
     * @param request  the registration being completed
     * @param sequence counters kept by the core; call {@link TicketSequence#next} at most once per scope
     */
    String issue(TicketRequest request, TicketSequence sequence);

    /** Whether {@code ticketNumber} is well formed by this region's rules (not whether it was issued). */
    boolean isValid(String ticketNumber);

    TicketNumberStructure structure();
}
