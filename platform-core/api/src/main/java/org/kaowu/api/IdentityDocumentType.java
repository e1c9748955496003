package org.kaowu.api;

/**
 * The identity documents a candidate may register with (RULES.md, seed 000).
 */
public enum IdentityDocumentType {
    /** 居民身份证: 18 characters, GB 11643 check digit. */
    RESIDENT_ID,
    /** 户口簿: for candidates under 18; carries the same 18-character resident ID number. */
    HOUSEHOLD_REGISTER,
    /** 军官证 / 士兵证: officer or soldier card, e.g. "南字第1234567号". */
    MILITARY_ID;

    /**
     * A document number as shown where the reader is not entitled to it (logs, lists):
     * "110***********002X", the first three and last four characters; short numbers entirely masked.
     */
    public static String mask(String number) {
        if (number == null) {
            return "";
        }
        int n = number.length();
        if (n <= 7) {
            return "*".repeat(n);
        }
        return number.substring(0, 3) + "*".repeat(n - 7) + number.substring(n - 4);
    }
}
