package org.kaowu.regiondata.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.kaowu.api.LocalizedText;
import org.kaowu.api.rules.DailyLock;
import org.kaowu.api.rules.EnrollmentWindow;
import org.kaowu.api.rules.Fee;
import org.kaowu.api.rules.Fees;
import org.kaowu.api.rules.Sitting;
import org.kaowu.api.rules.WorkingDays;
import org.kaowu.regiondata.RegionData;

/**
 * What a deployment may change in a region's data through Config Admin (PID
 * {@code org.kaowu.region.<code>}), the things authorities actually move from year to year: enrollment
 * windows, the daily lock, fee amounts, and public holidays with their make-up working days. Every
 * property is optional; an empty one keeps the bundle's data. A value that breaks a rule is refused with
 * the property named, and the region is not served until it is fixed: running with half a configuration
 * would apply wrong deadlines.
 */
final class Overrides {
    static final String ENROLLMENT_WINDOWS = "enrollmentWindows";
    static final String DAILY_LOCKS = "dailyLocks";
    static final String FEES = "fees";
    static final String HOLIDAYS = "publicHolidays";
    static final String MAKE_UP_DAYS = "makeUpWorkingDays";

    private Overrides() {
    }

    /** Thrown with the property and the problem. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String property, String value, String problem) {
            super("property " + property + (value == null ? "" : " value '" + value + "'") + ": " + problem);
        }
    }

    static RegionData apply(RegionData data, Dictionary<String, ?> properties) throws Invalid {
        if (properties == null) {
            return data;
        }
        List<Sitting> sittings = windows(data.sittings(), strings(properties, ENROLLMENT_WINDOWS));
        List<DailyLock> locks = locks(data.dailyLocks(), strings(properties, DAILY_LOCKS));
        Fees fees = fees(data.fees(), strings(properties, FEES));
        WorkingDays days = days(data.workingDays(), strings(properties, HOLIDAYS), strings(properties, MAKE_UP_DAYS));
        return new RegionData(data.code(), data.names(), data.timeZone(), data.locales(), data.identityDocuments(), data.emailRequired(),
                data.defaultRegistrationOffice(), data.examLanguages(), data.offices(), data.examAreas(), data.flow(), data.confirmation(),
                data.recovery(), sittings, locks, days, data.deadlines(), fees, data.scoreValidity(), data.photo(), data.catalogue(),
                data.messages(), data.ticketNumber(), data.assistanceUnits(), data.sampleSittings(), data.admissionNotices(), data.examDayRules());
    }

    /** "2019-04=2019-02-20T12:00/2019-02-26T18:00": replaces the named sitting's windows with those given. */
    private static List<Sitting> windows(List<Sitting> sittings, List<String> values) throws Invalid {
        if (values.isEmpty()) {
            return sittings;
        }
        Map<String, List<EnrollmentWindow>> bySitting = new LinkedHashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            int slash = v.indexOf('/');
            if (eq < 1 || slash < eq) {
                throw new Invalid(ENROLLMENT_WINDOWS, v, "expected <sitting>=<opens>/<closes>, e.g. 2019-04=2019-02-20T12:00/2019-02-26T18:00");
            }
            String sitting = v.substring(0, eq).trim();
            if (sittings.stream().noneMatch(s -> s.code().equals(sitting))) {
                throw new Invalid(ENROLLMENT_WINDOWS, v, "no sitting " + sitting + " in the region's calendar");
            }
            try {
                bySitting.computeIfAbsent(sitting, k -> new ArrayList<>()).add(new EnrollmentWindow(
                        LocalDateTime.parse(v.substring(eq + 1, slash).trim()), LocalDateTime.parse(v.substring(slash + 1).trim())));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new Invalid(ENROLLMENT_WINDOWS, v, e.getMessage());
            }
        }
        List<Sitting> result = new ArrayList<>();
        for (Sitting s : sittings) {
            List<EnrollmentWindow> windows = bySitting.get(s.code());
            try {
                result.add(windows == null ? s : new Sitting(s.code(), s.names(), windows, s.sessions(), s.scorePublication(), s.sample()));
            } catch (IllegalArgumentException e) {
                throw new Invalid(ENROLLMENT_WINDOWS, null, e.getMessage());
            }
        }
        return List.copyOf(result);
    }

    /** "02:00-06:00": replaces all daily locks, keeping the bundle's reason text. */
    private static List<DailyLock> locks(List<DailyLock> locks, List<String> values) throws Invalid {
        if (values.isEmpty()) {
            return locks;
        }
        LocalizedText reason = locks.isEmpty() ? LocalizedText.of("系统维护", "System maintenance") : locks.get(0).reason();
        List<DailyLock> result = new ArrayList<>();
        for (String v : values) {
            String[] range = v.split("-");
            if (range.length != 2) {
                throw new Invalid(DAILY_LOCKS, v, "expected <from>-<to>, e.g. 02:00-06:00");
            }
            try {
                result.add(new DailyLock(LocalTime.parse(range[0].trim()), LocalTime.parse(range[1].trim()), reason));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new Invalid(DAILY_LOCKS, v, e.getMessage());
            }
        }
        return List.copyOf(result);
    }

    /** "registration=30.00": replaces the amount of a fee the region lists. */
    private static Fees fees(Fees fees, List<String> values) throws Invalid {
        if (values.isEmpty()) {
            return fees;
        }
        Map<String, BigDecimal> amounts = new LinkedHashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq < 1) {
                throw new Invalid(FEES, v, "expected <fee code>=<amount>, e.g. per-course=30.00");
            }
            String code = v.substring(0, eq).trim();
            if (fees.fees().stream().noneMatch(f -> f.code().equals(code))) {
                throw new Invalid(FEES, v, "no fee " + code + " in the region's schedule");
            }
            try {
                amounts.put(code, new BigDecimal(v.substring(eq + 1).trim()));
            } catch (NumberFormatException e) {
                throw new Invalid(FEES, v, "the amount is not a number");
            }
        }
        try {
            return new Fees(fees.currency(), fees.sample(), fees.fees().stream()
                    .map(f -> amounts.containsKey(f.code()) ? new Fee(f.code(), f.names(), amounts.get(f.code()), f.basis()) : f)
                    .toList());
        } catch (IllegalArgumentException e) {
            throw new Invalid(FEES, null, e.getMessage());
        }
    }

    /** Dates added to the bundle's public holidays and make-up working days. */
    private static WorkingDays days(WorkingDays days, List<String> holidays, List<String> makeUp) throws Invalid {
        if (holidays.isEmpty() && makeUp.isEmpty()) {
            return days;
        }
        TreeSet<LocalDate> h = new TreeSet<>(days.holidays());
        TreeSet<LocalDate> m = new TreeSet<>(days.makeUpWorkingDays());
        h.addAll(dates(HOLIDAYS, holidays));
        m.addAll(dates(MAKE_UP_DAYS, makeUp));
        try {
            return new WorkingDays(days.weekend(), h, m);
        } catch (IllegalArgumentException e) {
            throw new Invalid(holidays.isEmpty() ? MAKE_UP_DAYS : HOLIDAYS, null, e.getMessage());
        }
    }

    private static List<LocalDate> dates(String property, List<String> values) throws Invalid {
        List<LocalDate> result = new ArrayList<>();
        for (String v : values) {
            try {
                result.add(LocalDate.parse(v.trim()));
            } catch (DateTimeParseException e) {
                throw new Invalid(property, v, "expected a date such as 2026-10-01");
            }
        }
        return result;
    }

    private static List<String> strings(Dictionary<String, ?> properties, String key) {
        Object value = properties.get(key);
        List<String> result = new ArrayList<>();
        if (value instanceof String s) {
            // a .cfg file has no arrays: several values are separated by commas
            result.addAll(List.of(s.split(",")));
        } else if (value instanceof String[] array) {
            result.addAll(List.of(array));
        } else if (value instanceof java.util.Collection<?> c) {
            c.forEach(o -> result.add(String.valueOf(o)));
        }
        result.replaceAll(String::trim);
        result.removeIf(String::isEmpty);
        return result;
    }
}
