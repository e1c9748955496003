package org.kaowu.api;

import java.util.Optional;

/**
 * What a new candidate submits to register (注册). {@code office} is the registration office code;
 * empty means the region's default registration office. The security question and answer serve password
 * recovery where the region offers it; {@code assistanceUnit} names the unit a candidate enrolls through;
 * {@code examLanguage} is one of the region's exam languages (考试语种), empty for its default.
 */
public record CandidateRegistration(
        String name,
        IdentityDocumentType idType,
        String idNumber,
        String mobile,
        Optional<String> email,
        char[] password,
        Optional<String> office,
        Optional<String> securityQuestion,
        Optional<String> securityAnswer,
        Optional<String> assistanceUnit,
        Optional<String> examLanguage) {

    /** A registration without security question and assistance unit, in the region's default exam language. */
    public CandidateRegistration(String name, IdentityDocumentType idType, String idNumber, String mobile, Optional<String> email,
            char[] password, Optional<String> office) {
        this(name, idType, idNumber, mobile, email, password, office, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        // Never print personal data or the password.
        return "CandidateRegistration[idType=" + idType + "]";
    }
}
