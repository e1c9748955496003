package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;
import org.kaowu.api.rules.CalendarStatus;
import org.kaowu.api.rules.Sitting;
import org.kaowu.api.rules.SittingDeadlines;
import org.kaowu.regiondata.RegionData;
import org.kaowu.regiondata.RegionDataReader;

/**
 * Reads this region's data files the way the platform will, so a broken file fails the build instead of
 * being refused at deployment. Add a test here for every rule you change.
 */
class RegionDataTest {
    private static final Path DATA = Path.of("src/main/resources/kaowu-region");

    @Test
    void theDataFilesAreValid() throws Exception {
        RegionData data = RegionDataReader.readDirectory("${regionCode}", DATA);
        assertThat(data.code()).isEqualTo("${regionCode}");
        assertThat(data.offices()).isNotEmpty();
        assertThat(data.examAreas()).isNotEmpty();
        assertThat(data.assistanceUnits()).allSatisfy(u -> assertThat(data.offices()).anyMatch(o -> o.code().equals(u.office())));
    }

    @Test
    void ticketNumbersAreValidByTheirOwnRules() throws Exception {
        RegionData data = RegionDataReader.readDirectory("${regionCode}", DATA);
        data.ticketNumber().ifPresent(pattern -> {
            String number = pattern.issue(2027, data.defaultRegistrationOffice(), scope -> 1);
            assertThat(pattern.isValid(number)).as(number).isTrue();
        });
    }

    @Test
    void enrollmentOpensAndClosesWhenTheCalendarSays() throws Exception {
        RegionData data = RegionDataReader.readDirectory("${regionCode}", DATA);
        for (Sitting s : data.sittings()) {
            LocalDateTime opens = s.enrollment().get(0).opens();
            CalendarStatus before = CalendarStatus.of(ZonedDateTime.of(opens.minusMinutes(1), data.timeZone()), data.sittings(), data.dailyLocks());
            CalendarStatus at = CalendarStatus.of(ZonedDateTime.of(opens, data.timeZone()), data.sittings(), data.dailyLocks());
            assertThat(before.enrollmentOpenFor()).isEmpty();
            assertThat(at.enrollmentOpenFor()).hasValue(s.code());
            SittingDeadlines deadlines = SittingDeadlines.of(s, data.deadlines(), data.workingDays());
            assertThat(deadlines.scorePublication()).isAfter(s.sessions().get(0).date());
        }
    }

    @Test
    void everySessionHasAnIdAndTheTimetableNamesCatalogueCourses() throws Exception {
        RegionData data = RegionDataReader.readDirectory("${regionCode}", DATA);
        java.util.Set<String> courses = new java.util.HashSet<>();
        data.catalogue().courses().forEach(c -> courses.add(c.code()));
        for (Sitting s : data.sittings()) {
            java.util.Set<String> ids = new java.util.HashSet<>();
            java.util.Set<String> examined = new java.util.HashSet<>();
            for (org.kaowu.api.rules.ExamSession session : s.sessions()) {
                assertThat(ids.add(session.id())).as("session id %s unique in %s", session.id(), s.code()).isTrue();
                for (String c : session.courses()) {
                    assertThat(courses).as("sitting %s session %s", s.code(), session.id()).contains(c);
                    assertThat(examined.add(c)).as("course %s in one session of %s", c, s.code()).isTrue();
                }
            }
        }
    }
}
