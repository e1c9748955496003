package org.kaowu.api;

/** How personal data is shown where the reader is not entitled to it (logs, lists, other readers). */
public final class Masking {
    private Masking() {
    }

    /** "110***********002X": first three and last four characters; short numbers entirely masked. */
    public static String idNumber(String number) {
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
