package org.kaowu.rest.internal;

/** JSON body of {@code POST /regions/{code}/candidates}. */
record RegistrationBody(String name, String idType, String idNumber, String mobile, String email, String password, String office,
        String securityQuestion, String securityAnswer, String assistanceUnit, String examLanguage) {
}
