package org.kaowu.service.internal;

import java.util.Optional;
import java.util.regex.Pattern;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;

/**
 * Field rules for a registration that hold in every region: presence, length and form of name,
 * mobile number, e-mail address and password.
 */
final class RegistrationRules {
    static final int NAME_MAX = 64;
    static final int ID_NUMBER_MAX = 32;
    static final int EMAIL_MAX = 254;
    static final int PASSWORD_MIN = 8;
    static final int PASSWORD_MAX = 64;
    static final int OFFICE_MAX = 16;

    /**
     * Letters of any script, with the middle dot of transliterated names (买买提·艾力) and single spaces; every
     * part starts with a letter (a combining mark only after one). The Hangul fillers are letters to Unicode
     * but print as nothing, and the combining grapheme joiner, Mongolian and variation selectors are marks
     * that print as nothing: a name of those alone would look empty, so they are not part of a name.
     */
    private static final String LETTER = "[\\p{L}&&[^\\u115F\\u1160\\u3164\\uFFA0]]";
    private static final String MARK = "[\\p{M}&&[^\\u034F\\u180B-\\u180F\\uFE00-\\uFE0F\\x{E0100}-\\x{E01EF}]]";
    private static final Pattern NAME = Pattern.compile("(" + LETTER + MARK + "*)+([ ·.\\-'](" + LETTER + MARK + "*)+)*");
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private RegistrationRules() {
    }

    static String required(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, field, field + " is required");
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new KaowuException(ErrorCode.FIELD_TOO_LONG, field, field + " must be at most " + max + " characters");
        }
        return v;
    }

    static String name(String value) {
        String v = required(value, "name", NAME_MAX);
        if (!NAME.matcher(v).matches()) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, "name", "name must consist of letters");
        }
        return v;
    }

    /** A requested number of results: 1 to {@code max}; 0 or less is not "no limit" but a mistake. */
    static int limit(int requested, int max) {
        if (requested < 1 || requested > max) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, "limit", "limit must be between 1 and " + max);
        }
        return requested;
    }

    static String mobile(String value) {
        String v = required(value, "mobile", 20);
        if (!MOBILE.matcher(v).matches()) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, "mobile", "mobile must be an 11-digit mainland mobile number");
        }
        return v;
    }

    static Optional<String> email(Optional<String> value, boolean required) {
        Optional<String> v = value.map(String::strip).filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            if (required) {
                throw new KaowuException(ErrorCode.FIELD_REQUIRED, "email", "email is required in this region");
            }
            return v;
        }
        String e = v.get();
        if (e.length() > EMAIL_MAX) {
            throw new KaowuException(ErrorCode.FIELD_TOO_LONG, "email", "email must be at most " + EMAIL_MAX + " characters");
        }
        if (!EMAIL.matcher(e).matches()) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, "email", "email is not an e-mail address");
        }
        // Stored in lower case: it is a login name, and nobody types an address's case twice the same.
        return Optional.of(e.toLowerCase(java.util.Locale.ROOT));
    }

    static void password(char[] password) {
        if (password == null || password.length == 0) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, "password", "password is required");
        }
        // bcrypt reads at most 72 bytes: a longer password would be silently truncated.
        if (password.length > PASSWORD_MAX || new String(password).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
            throw new KaowuException(ErrorCode.FIELD_TOO_LONG, "password", "password must be at most " + PASSWORD_MAX + " characters (72 bytes in UTF-8)");
        }
        boolean letter = false;
        boolean digit = false;
        for (char c : password) {
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
        }
        if (password.length < PASSWORD_MIN || !letter || !digit) {
            throw new KaowuException(ErrorCode.WEAK_PASSWORD, "password",
                    "password needs at least " + PASSWORD_MIN + " characters with letters and digits");
        }
    }
}
