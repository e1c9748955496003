package org.kaowu.regions.hubei;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.api.rules.ConfirmationMethod;
import org.kaowu.api.rules.LoginIdentifier;
import org.kaowu.api.rules.RegistrationStep;
import org.kaowu.regiondata.RegionData;
import org.kaowu.regiondata.RegionDataReader;

/** Hubei's data files against seed 002. */
class HubeiDataTest {
    private static RegionData data;

    @BeforeAll
    static void read() throws Exception {
        data = RegionDataReader.readDirectory("hubei", Path.of("src/main/resources/kaowu-region"));
    }

    @Test
    void newCandidatesPreRegisterWithEmailAndMobileAndGetTheTicketAtConfirmation() {
        RegistrationStep first = data.flow().newCandidates().get(0);
        assertThat(first.kind()).isEqualTo(RegistrationStep.Kind.PRE_REGISTER);
        assertThat(first.statusAfter()).isEqualTo(RegistrationStatus.PRE_REGISTERED);
        assertThat(first.requiredFields()).contains("email", "mobile");
        assertThat(data.emailRequired()).isTrue();
        assertThat(data.flow().loginIdentifiers()).containsExactlyInAnyOrder(LoginIdentifier.EMAIL, LoginIdentifier.MOBILE);
        assertThat(data.flow().ticketIssuedAfter()).isEqualTo("identity-confirmation");
    }

    @Test
    void confirmationIsOnlineOnSiteOrByAssistanceUnit() {
        assertThat(data.confirmation()).extracting(ConfirmationMethod::kind).containsExactly(ConfirmationMethod.Kind.ONLINE,
                ConfirmationMethod.Kind.ON_SITE, ConfirmationMethod.Kind.ASSISTANCE_UNIT);
        assertThat(data.confirmation().get(0).requires()).containsExactly("id-card-image", "face-check", "id-photo");
    }

    @Test
    void returningCandidatesWithSeveralTicketNumbersChooseOne() {
        assertThat(data.flow().returningCandidates()).extracting(RegistrationStep::kind).contains(RegistrationStep.Kind.CHOOSE_TICKET_NUMBER);
    }

    @Test
    void assistanceUnitsConfirmTheirCandidatesAndEachAnswersToAnOffice() {
        assertThat(data.assistanceUnits()).isNotEmpty();
        assertThat(data.assistanceUnits()).allSatisfy(u -> assertThat(data.offices()).anyMatch(o -> o.code().equals(u.office())));
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
        assertThat(practical.grading()).isEqualTo(org.kaowu.api.rules.Course.Grading.PASS_FAIL);
        assertThat(data.catalogue().courses().stream().filter(c -> c.kind() != org.kaowu.api.rules.Course.Kind.PRACTICAL))
                .allMatch(c -> c.grading() == org.kaowu.api.rules.Course.Grading.POINTS);
    }
}
