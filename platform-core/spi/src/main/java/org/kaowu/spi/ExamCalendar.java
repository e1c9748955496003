package org.kaowu.spi;

import java.util.List;
import java.util.Set;

import org.kaowu.api.rules.DailyLock;
import org.kaowu.api.rules.ScoreDeadlines;
import org.kaowu.api.rules.Sitting;
import org.kaowu.api.rules.WorkingDays;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A region's calendar, every date and time in the region's time zone ({@link RegionProfile#timeZone()}):
 * sittings with their sessions, enrollment windows and score publication dates; daily maintenance locks;
 * the working-day calendar (public holidays and make-up working days) that re-check and pass-certificate
 * deadlines are counted in. The core evaluates it against the platform {@link java.time.Clock} service,
 * converted to the region's zone, whenever a deadline matters; regions never read the system clock.
 */
@ConsumerType
public interface ExamCalendar {
    List<Sitting> sittings();

    List<DailyLock> dailyLocks();

    WorkingDays workingDays();

    ScoreDeadlines deadlines();

    /** The codes of the sittings whose dates are sample data, not the authority's published ones. None by default. */
    default Set<String> sampleSittings() {
        return Set.of();
    }

    /**
     * The day admission notices (准考证) of the sitting can be printed from, region time. By default seven
     * days before the sitting's first session.
     */
    default java.time.LocalDate admissionNoticesFrom(Sitting sitting) {
        return sitting.sessions().stream().map(org.kaowu.api.rules.ExamSession::date).min(java.util.Comparator.naturalOrder()).orElseThrow()
                .minusDays(7);
    }

    /** The exam-day rules printed on the admission notice (enter with ID and ticket, latest entry, earliest leaving), in order. None by default. */
    default List<org.kaowu.api.LocalizedText> examDayRules() {
        return List.of();
    }
}
