package org.kaowu.api;

import java.util.Optional;

/**
 * A returning candidate ("registered on file") taking up their records: identified by name and ID number,
 * with contact details and a new password; when several are on file, {@code ticketNumber} (the full number)
 * or {@code ticketChoice} (a position from the list a {@link TicketChoiceRequiredException} gave) chooses the
 * number to keep (the others are merged into it, where the region allows).
 */
public record ReturningRegistration(String name, IdentityDocumentType idType, String idNumber, String mobile, Optional<String> email,
        char[] password, Optional<String> ticketNumber, Optional<String> securityQuestion, Optional<String> securityAnswer,
        Optional<String> examLanguage, Optional<Integer> ticketChoice) {
    /** Without a choice by position (the form of version 1.0). */
    public ReturningRegistration(String name, IdentityDocumentType idType, String idNumber, String mobile, Optional<String> email,
            char[] password, Optional<String> ticketNumber, Optional<String> securityQuestion, Optional<String> securityAnswer,
            Optional<String> examLanguage) {
        this(name, idType, idNumber, mobile, email, password, ticketNumber, securityQuestion, securityAnswer, examLanguage, Optional.empty());
    }

    @Override
    public String toString() {
        return "ReturningRegistration[idType=" + idType + "]";
    }
}
