package org.kaowu.distribution;

import java.util.concurrent.atomic.AtomicInteger;

/** Valid resident ID numbers for tests (GB 11643: ISO 7064 MOD 11-2 check character). */
final class IdNumbers {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";
    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 500));

    private IdNumbers() {
    }

    /**
     * A fresh valid number (address code 500103): the n-th call gets sequence n % 1000 on the birth date
     * 1950-01-01 + n / 1000 days, so numbers are unique for millions of calls.
     */
    static String next() {
        int n = NEXT.incrementAndGet();
        java.time.LocalDate born = java.time.LocalDate.of(1950, 1, 1).plusDays(n / 1000);
        String first17 = String.format("500103%04d%02d%02d%03d", born.getYear(), born.getMonthValue(), born.getDayOfMonth(), n % 1000);
        return first17 + check(first17);
    }

    static char check(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11);
    }

    /** The same number with a wrong check character. */
    static String withWrongCheck(String valid) {
        char c = valid.charAt(17);
        return valid.substring(0, 17) + (c == '0' ? '1' : '0');
    }
}
