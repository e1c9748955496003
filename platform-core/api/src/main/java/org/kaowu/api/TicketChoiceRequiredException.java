package org.kaowu.api;

import java.util.List;

/**
 * {@link ErrorCode#TICKET_CHOICE_REQUIRED}: several ticket numbers are on file for the candidate; the
 * choices (masked) say which there are, so the candidate can name the one to keep.
 */
public class TicketChoiceRequiredException extends KaowuException {
    private static final long serialVersionUID = 1L;

    private final transient List<TicketChoice> choices;

    public TicketChoiceRequiredException(String message, List<TicketChoice> choices) {
        super(ErrorCode.TICKET_CHOICE_REQUIRED, "ticketNumber", message);
        this.choices = List.copyOf(choices);
    }

    public List<TicketChoice> choices() {
        return choices;
    }
}
