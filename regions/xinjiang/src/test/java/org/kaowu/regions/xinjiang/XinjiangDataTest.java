package org.kaowu.regions.xinjiang;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.api.rules.CalendarStatus;
import org.kaowu.api.rules.ConfirmationMethod;
import org.kaowu.api.rules.ExamLanguage;
import org.kaowu.api.rules.ExamSession;
import org.kaowu.api.rules.RegistrationStep;
import org.kaowu.api.rules.Sitting;
import org.kaowu.regiondata.RegionData;
import org.kaowu.regiondata.RegionDataReader;

/** Xinjiang's data files against seed 000, with the calendar evaluated at moved instants. */
class XinjiangDataTest {
    private static RegionData data;

    @BeforeAll
    static void read() throws Exception {
        data = RegionDataReader.readDirectory("xinjiang", Path.of("src/main/resources/kaowu-region"));
    }

    private static CalendarStatus at(String local) {
        return CalendarStatus.of(ZonedDateTime.of(LocalDateTime.parse(local), data.timeZone()), data.sittings(), data.dailyLocks());
    }

    @Test
    void aRegistrationCountsAfterOfficeApprovalAndTheTicketComesFromOnSiteConfirmation() {
        assertThat(data.flow().newCandidates()).extracting(RegistrationStep::kind).containsExactly(RegistrationStep.Kind.REGISTER,
                RegistrationStep.Kind.OFFICE_APPROVAL, RegistrationStep.Kind.IDENTITY_CONFIRMATION, RegistrationStep.Kind.MOBILE_BINDING);
        assertThat(data.flow().newCandidates().get(0).statusAfter()).isEqualTo(RegistrationStatus.PENDING_REVIEW);
        assertThat(data.flow().ticketIssuedAfter()).isEqualTo("on-site-confirmation");
        assertThat(data.confirmation()).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(ConfirmationMethod.Kind.ON_SITE);
            assertThat(m.requires()).contains("photo-capture");
        });
    }

    @Test
    void candidatesChooseChineseOrUyghur() {
        assertThat(data.examLanguages()).extracting(ExamLanguage::code).contains("zh", "ug");
        assertThat(data.locales()).contains("zh-CN", "ug");
    }

    @Test
    void sittingsHaveTheSeedSessions() {
        Sitting april = data.sittings().stream().filter(s -> s.code().equals("2019-04")).findFirst().orElseThrow();
        assertThat(april.sessions()).extracting(ExamSession::date).extracting(Object::toString)
                .containsOnly("2019-04-13", "2019-04-14");
        assertThat(april.sessions()).extracting(ExamSession::starts).containsOnly(LocalTime.of(9, 0), LocalTime.of(14, 30));
        assertThat(april.sessions()).extracting(ExamSession::ends).containsOnly(LocalTime.of(11, 30), LocalTime.of(17, 0));
    }

    @Test
    void everySittingHasASampleTimetableOfOneSessionPerCourse() {
        for (Sitting s : data.sittings()) {
            assertThat(s.sample()).as("%s timetable is sample data", s.code()).isTrue();
            assertThat(s.sessions()).as(s.code()).allSatisfy(x -> assertThat(x.courses()).isNotEmpty());
        }
        Sitting april = data.sittings().stream().filter(s -> s.code().equals("2019-04")).findFirst().orElseThrow();
        assertThat(april.sessions()).extracting(ExamSession::id).containsExactly("2019-04-13-am", "2019-04-13-pm", "2019-04-14-am", "2019-04-14-pm");
        assertThat(april.sessionOf("03708")).map(ExamSession::id).hasValue("2019-04-13-am");
        // the thesis is not a written exam: no session examines it
        assertThat(april.sessionOf("06999")).isEmpty();
        assertThat(data.catalogue().majors()).filteredOn(m -> m.groupOnly()).extracting(m -> m.code()).containsExactly("120206");
    }

    @Test
    void enrollmentWindowsOpenAtNoonAndCloseAtSixOnTheSeedDates() {
        assertThat(at("2019-02-20T11:59").enrollmentOpenFor()).isEmpty();
        assertThat(at("2019-02-20T11:59").nextEnrollmentOpens()).hasValue(LocalDateTime.parse("2019-02-20T12:00"));
        assertThat(at("2019-02-20T12:00").enrollmentOpenFor()).hasValue("2019-04");
        assertThat(at("2019-02-26T17:59").enrollmentOpenFor()).hasValue("2019-04");
        assertThat(at("2019-02-26T18:00").enrollmentOpenFor()).isEmpty();
        assertThat(at("2019-08-23T10:00").enrollmentOpenFor()).hasValue("2019-10");
        assertThat(at("2022-02-25T17:00").enrollmentOpenFor()).hasValue("2022-04");
        assertThat(at("2022-02-26T12:00").enrollmentOpenFor()).isEmpty();
        assertThat(at("2022-08-08T12:00").enrollmentOpenFor()).hasValue("2022-10");
        assertThat(at("2022-08-12T18:00").enrollmentOpenFor()).isEmpty();
    }

    @Test
    void theSystemIsLockedFromTwoToSixEveryNight() {
        assertThat(at("2019-02-22T01:59").locked()).isFalse();
        assertThat(at("2019-02-22T02:00").lockedUntil()).hasValue(LocalDateTime.parse("2019-02-22T06:00"));
        assertThat(at("2019-02-22T05:59").locked()).isTrue();
        assertThat(at("2019-02-22T06:00").locked()).isFalse();
        // the lock applies inside an open window too
        assertThat(at("2019-02-23T03:00")).satisfies(s -> {
            assertThat(s.locked()).isTrue();
            assertThat(s.enrollmentOpenFor()).hasValue("2019-04");
        });
    }

    @Test
    void theCatalogueIsMarkedAsSample() {
        assertThat(data.catalogue().sample()).isTrue();
        assertThat(data.fees().sample()).isTrue();
        assertThat(data.catalogue().courses()).anySatisfy(c -> assertThat(c.code()).isEqualTo("03708"));
    }

    @Test
    void aFreshInstallationLateIn2026HasAnUpcomingSampleWindow() {
        java.time.ZonedDateTime late2026 = java.time.ZonedDateTime.of(java.time.LocalDateTime.parse("2026-11-30T12:00"), data.timeZone());
        org.kaowu.api.rules.CalendarStatus now = org.kaowu.api.rules.CalendarStatus.of(late2026, data.sittings(), data.dailyLocks());
        assertThat(now.enrollmentOpenFor()).isEmpty();
        assertThat(now.nextEnrollmentFor()).hasValue("2027-04");
        assertThat(data.sampleSittings()).contains("2027-04", "2027-10");
        assertThat(data.workingDays().holidays()).contains(java.time.LocalDate.parse("2027-10-01"));
        // the seeds give no ticket-number layout: it is marked as sample data
        assertThat(data.ticketNumber().orElseThrow().sample()).isTrue();
    }
}
