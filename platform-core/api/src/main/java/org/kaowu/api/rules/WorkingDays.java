package org.kaowu.api.rules;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The working-day calendar that deadlines are counted in: weekend days, public holidays, and the
 * make-up working days (调休上班) that China moves onto weekends around its holidays.
 */
public record WorkingDays(Set<DayOfWeek> weekend, SortedSet<LocalDate> holidays, SortedSet<LocalDate> makeUpWorkingDays) {
    public WorkingDays {
        weekend = Collections.unmodifiableSet(EnumSet.copyOf(Check.present(weekend, "weekend").isEmpty()
                ? EnumSet.noneOf(DayOfWeek.class) : weekend));
        holidays = Collections.unmodifiableSortedSet(new TreeSet<>(Check.present(holidays, "holidays")));
        makeUpWorkingDays = Collections.unmodifiableSortedSet(new TreeSet<>(Check.present(makeUpWorkingDays, "makeUpWorkingDays")));
        for (LocalDate day : makeUpWorkingDays) {
            if (holidays.contains(day)) {
                throw new IllegalArgumentException(day + " is both a holiday and a make-up working day");
            }
            if (!weekend.contains(day.getDayOfWeek())) {
                throw new IllegalArgumentException("make-up working day " + day + " is a " + day.getDayOfWeek() + ", already a working day");
            }
        }
    }

    public boolean isWorkingDay(LocalDate day) {
        if (makeUpWorkingDays.contains(day)) {
            return true;
        }
        return !weekend.contains(day.getDayOfWeek()) && !holidays.contains(day);
    }

    /**
     * The last day of a period of {@code count} working days that starts on {@code start}: {@code start}
     * itself counts when it is a working day ("within 5 working days of publication" includes the day of
     * publication). {@code count} 0 means no period and is refused.
     */
    public LocalDate lastOfWorkingDays(LocalDate start, int count) {
        Check.atLeast(count, 1, "working days");
        LocalDate day = start;
        int counted = isWorkingDay(day) ? 1 : 0;
        while (counted < count) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return day;
    }

    /** The day {@code count} working days after {@code day}, not counting {@code day} itself. */
    public LocalDate plusWorkingDays(LocalDate day, int count) {
        Check.atLeast(count, 0, "working days");
        LocalDate result = day;
        int counted = 0;
        while (counted < count) {
            result = result.plusDays(1);
            if (isWorkingDay(result)) {
                counted++;
            }
        }
        return result;
    }
}
