package org.kaowu.api;

import java.util.Optional;

/**
 * A returning candidate ("registered on file") taking up their records: identified by name and ID number,
 * with contact details and a new password; {@code ticketNumber} chooses the number to keep when several
 * are on file (the others are merged into it, where the region allows).
 */
public record ReturningRegistration(String name, IdentityDocumentType idType, String idNumber, String mobile, Optional<String> email,
        char[] password, Optional<String> ticketNumber, Optional<String> securityQuestion, Optional<String> securityAnswer,
        Optional<String> examLanguage) {
    @Override
    public String toString() {
        return "ReturningRegistration[idType=" + idType + "]";
    }
}
