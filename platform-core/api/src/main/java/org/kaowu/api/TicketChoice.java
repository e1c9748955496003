package org.kaowu.api;

/**
 * One of several ticket numbers on file for a returning candidate, as shown before the candidate chooses
 * which to keep: its position (the value to send back as the choice), the number masked, and the office
 * that holds the record.
 */
public record TicketChoice(int choice, String maskedTicketNumber, String office) {
}
