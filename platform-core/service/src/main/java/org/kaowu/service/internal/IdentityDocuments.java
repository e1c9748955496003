package org.kaowu.service.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.KaowuException;

/**
 * Validates identity document numbers (RULES.md, seed 000).
 * <ul>
 * <li>Resident ID (居民身份证) per GB 11643-1999: 6-digit address code whose first two digits are a
 * province-level code of GB/T 2260, 8-digit birth date (a real date, not in the future, not before
 * 1900), 3-digit sequence, and a check character computed by ISO 7064 MOD 11-2 ('X' stands for 10).</li>
 * <li>Household register (户口簿): the same number, and only for candidates under 18 on the day of
 * registration; adults register with their ID card.</li>
 * <li>Military ID (军官证 / 士兵证): "&lt;1–2 characters of the issuing unit&gt;字第&lt;6–8 digits&gt;号".</li>
 * </ul>
 */
public final class IdentityDocuments {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    private static final Pattern RESIDENT_ID = Pattern.compile("\\d{17}[\\dX]");
    private static final Pattern MILITARY_ID = Pattern.compile("[\\p{IsHan}]{1,2}字第\\d{6,8}号");
    /** Province-level codes of GB/T 2260 (first two digits of the address code), incl. 71 TW, 81 HK, 82 MO, 83 HK/MO/TW residence permits. */
    private static final Set<String> PROVINCES = Set.of(
            "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
            "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
            "71", "81", "82", "83");
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);

    private IdentityDocuments() {
    }

    /**
     * @param today the registration date in the region's time zone
     * @return the number in canonical form (upper-case 'X', no surrounding spaces)
     */
    public static String validate(IdentityDocumentType type, String number, LocalDate today) {
        String n = number.strip().toUpperCase(Locale.ROOT);
        switch (type) {
            case RESIDENT_ID -> validateResidentId(n, today);
            case HOUSEHOLD_REGISTER -> {
                LocalDate born = validateResidentId(n, today);
                if (Period.between(born, today).getYears() >= 18) {
                    throw new KaowuException(ErrorCode.ID_TYPE_NOT_ACCEPTED, "idType",
                            "A household register is accepted only for candidates under 18; adults register with their resident ID card");
                }
            }
            case MILITARY_ID -> {
                n = number.strip();
                if (!MILITARY_ID.matcher(n).matches()) {
                    throw invalid("A military ID number looks like 南字第1234567号");
                }
            }
        }
        return n;
    }

    /** @return the birth date embedded in a valid resident ID number */
    static LocalDate validateResidentId(String n, LocalDate today) {
        if (n.length() != 18) {
            throw invalid("A resident ID number has 18 characters");
        }
        if (!RESIDENT_ID.matcher(n).matches()) {
            throw invalid("A resident ID number has 17 digits followed by a digit or X");
        }
        if (!PROVINCES.contains(n.substring(0, 2))) {
            throw invalid("The address code of the resident ID number is not a known province code");
        }
        LocalDate born;
        try {
            born = LocalDate.of(Integer.parseInt(n.substring(6, 10)), Integer.parseInt(n.substring(10, 12)),
                    Integer.parseInt(n.substring(12, 14)));
        } catch (DateTimeException e) {
            throw invalid("The birth date in the resident ID number is not a real date");
        }
        if (born.isAfter(today) || born.isBefore(EARLIEST_BIRTH)) {
            throw invalid("The birth date in the resident ID number is not a past date after 1900");
        }
        if (checkCharacter(n.substring(0, 17)) != n.charAt(17)) {
            throw invalid("The check character of the resident ID number is wrong");
        }
        return born;
    }

    /** ISO 7064 MOD 11-2 check character of the first 17 digits. */
    static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /**
     * Masks an identity document number for logs and for anyone but its owner: the first three and last
     * four characters stay, e.g. {@code 500***********123X}.
     */
    public static String mask(String number) {
        return IdentityDocumentType.mask(number);
    }

    private static KaowuException invalid(String message) {
        return new KaowuException(ErrorCode.INVALID_ID_NUMBER, "idNumber", message);
    }
}
