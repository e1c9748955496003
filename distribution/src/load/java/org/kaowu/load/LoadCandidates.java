package org.kaowu.load;

import java.time.LocalDate;

/**
 * The candidates of the load test, by index: the fixture bundle seeds them and the Gatling simulation logs
 * them in, each computing the same ID number, name and password from the index alone.
 */
public final class LoadCandidates {
    /** Every seeded candidate's password (its bcrypt hash, cost 10, is made once and shared by all). */
    public static final String PASSWORD = "Load-Test-2026x";
    /** Registration office of the seeded Xinjiang candidates (Tianshan district, Urumqi). */
    public static final String OFFICE = "650102";
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";
    private static final String GIVEN = "甲乙丙丁戊己庚辛壬癸";

    private LoadCandidates() {
    }

    /** A valid resident ID number (GB 11643) of address 650102: sequence i % 1000 born 1960-01-01 + i / 1000 days. */
    public static String idNumber(int i) {
        LocalDate born = LocalDate.of(1960, 1, 1).plusDays(i / 1000);
        String first17 = String.format("650102%04d%02d%02d%03d", born.getYear(), born.getMonthValue(), born.getDayOfMonth(), i % 1000);
        int sum = 0;
        for (int k = 0; k < 17; k++) {
            sum += (first17.charAt(k) - '0') * WEIGHTS[k];
        }
        return first17 + CHECK.charAt(sum % 11);
    }

    public static String name(int i) {
        return "考生" + GIVEN.charAt(i % 10) + GIVEN.charAt(i / 10 % 10);
    }

    public static String mobile(int i) {
        return String.format("139%08d", i);
    }
}
