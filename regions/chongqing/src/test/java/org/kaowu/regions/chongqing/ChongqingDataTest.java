package org.kaowu.regions.chongqing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.api.rules.LoginIdentifier;
import org.kaowu.api.rules.Recovery;
import org.kaowu.api.rules.Sitting;
import org.kaowu.api.rules.SittingDeadlines;
import org.kaowu.regiondata.RegionData;
import org.kaowu.regiondata.RegionDataReader;
import org.kaowu.regiondata.TicketPattern;

/** Chongqing's data files against seed 001. */
class ChongqingDataTest {
    private static RegionData data;

    @BeforeAll
    static void read() throws Exception {
        data = RegionDataReader.readDirectory("chongqing", Path.of("src/main/resources/kaowu-region"));
    }

    @Test
    void theTicketIsIssuedAtRegistration() {
        assertThat(data.flow().newCandidates()).hasSize(1);
        assertThat(data.flow().ticketIssuedAfter()).isEqualTo(data.flow().newCandidates().get(0).code());
        assertThat(data.flow().newCandidates().get(0).statusAfter()).isEqualTo(RegistrationStatus.REGISTERED);
        assertThat(data.flow().loginIdentifiers()).containsExactlyInAnyOrder(LoginIdentifier.ID_NUMBER, LoginIdentifier.TICKET_NUMBER);
    }

    @Test
    void theTicketNumberHasTwelveDigitsWithALuhnCheck() {
        TicketPattern pattern = data.ticketNumber().orElseThrow();
        String number = pattern.issue(2026, "500103", scope -> {
            assertThat(scope).isEqualTo("2026-500103");
            return 42;
        });
        assertThat(number).hasSize(12).startsWith("26010300042");
        assertThat(pattern.isValid(number)).isTrue();
        // a mistyped digit and a swap of neighbours are both caught
        char wrong = number.charAt(5) == '9' ? '0' : (char) (number.charAt(5) + 1);
        assertThat(pattern.isValid(number.substring(0, 5) + wrong + number.substring(6))).isFalse();
        assertThat(pattern.isValid("26010300024" + number.charAt(11))).isFalse();
        assertThat(pattern.isValid("2601030004")).isFalse();
    }

    @Test
    void recoveryIsByTicketAndIdNumberThenSecurityQuestionOrEmail() {
        assertThat(data.recovery().identifyBy()).containsExactly(LoginIdentifier.TICKET_NUMBER, LoginIdentifier.ID_NUMBER);
        assertThat(data.recovery().channels()).containsExactly(Recovery.Channel.SECURITY_QUESTION, Recovery.Channel.EMAIL_LINK);
    }

    @Test
    void scoresNeverExpire() {
        assertThat(data.scoreValidity().validFor()).isEmpty();
        assertThat(data.scoreValidity().counts(LocalDate.of(1990, 4, 15), LocalDate.of(2026, 11, 27))).isTrue();
    }

    @Test
    void deadlinesAreCountedInWorkingDaysAcrossTheLabourDayHoliday() {
        // Scores of April 2026 published on Thursday 30 April; 1 to 5 May is the Labour Day holiday and
        // Saturday 9 May a make-up working day. Re-check: 5 working days including the day of publication.
        Sitting april = data.sittings().stream().filter(s -> s.code().equals("2026-04")).findFirst().orElseThrow();
        SittingDeadlines d = SittingDeadlines.of(april, data.deadlines(), data.workingDays());
        assertThat(d.scorePublication()).isEqualTo(LocalDate.of(2026, 4, 30));
        assertThat(d.recheckCloses()).hasValue(LocalDate.of(2026, 5, 9));
        assertThat(d.passCertificateCloses()).hasValue(LocalDate.of(2026, 5, 22));
        assertThat(d.passCertificateCollection()).hasValue(LocalDate.of(2026, 6, 5));
        assertThat(data.workingDays().isWorkingDay(LocalDate.of(2026, 5, 4))).isFalse();
        assertThat(data.workingDays().isWorkingDay(LocalDate.of(2026, 5, 9))).isTrue();
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

    @Test
    void thePracticalCourseIsGradedAsTheRegionSays() {
        org.kaowu.api.rules.Course practical = data.catalogue().courses().stream().filter(c -> c.code().equals("02332")).findFirst().orElseThrow();
        assertThat(practical.kind()).isEqualTo(org.kaowu.api.rules.Course.Kind.PRACTICAL);
        assertThat(practical.grading()).isEqualTo(org.kaowu.api.rules.Course.Grading.GRADES);
        assertThat(data.catalogue().courses().stream().filter(c -> c.kind() != org.kaowu.api.rules.Course.Kind.PRACTICAL))
                .allMatch(c -> c.grading() == org.kaowu.api.rules.Course.Grading.POINTS);
    }
}
