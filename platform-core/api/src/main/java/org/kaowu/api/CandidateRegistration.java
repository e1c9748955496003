package org.kaowu.api;

import java.util.Optional;

/**
 * What a new candidate submits to register (注册). {@code office} is the registration office code;
 * empty means the region's default registration office.
 */
public record CandidateRegistration(
        String name,
        IdentityDocumentType idType,
        String idNumber,
        String mobile,
        Optional<String> email,
        char[] password,
        Optional<String> office) {

    @Override
    public String toString() {
        // Never print personal data or the password.
        return "CandidateRegistration[idType=" + idType + "]";
    }
}
