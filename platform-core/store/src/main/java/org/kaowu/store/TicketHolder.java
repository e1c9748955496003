package org.kaowu.store;

import java.util.Optional;

/**
 * Who holds an ID number's ticket numbers, as the public ticket-number lookup needs it: the name to compare
 * and the number, of the registered candidate ({@code onFile} false) or of an unclaimed record of the
 * earlier system ({@code onFile} true). Nothing else of the candidate is read or decrypted.
 */
public record TicketHolder(String name, Optional<String> ticketNumber, boolean onFile) {
    @Override
    public String toString() {
        return "TicketHolder[onFile=" + onFile + "]";
    }
}
