package org.kaowu.service.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kaowu.api.CourseChoice;
import org.kaowu.api.Enrollment;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.LocalizedText;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.api.rules.Course;
import org.kaowu.api.rules.CourseCatalogue;
import org.kaowu.api.rules.DailyLock;
import org.kaowu.api.rules.EnrollmentWindow;
import org.kaowu.api.rules.ExamSession;
import org.kaowu.api.rules.Fee;
import org.kaowu.api.rules.Fees;
import org.kaowu.api.rules.Flow;
import org.kaowu.api.rules.HostUniversity;
import org.kaowu.api.rules.LoginIdentifier;
import org.kaowu.api.rules.Major;
import org.kaowu.api.rules.RegistrationStep;
import org.kaowu.api.rules.Sitting;

/** The enrollment rules of every region, on a made-up region "lakeland" with a two-day sitting of four sessions. */
class EnrollmentRulesTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Urumqi");
    private static final LocalizedText T = new LocalizedText(Map.of("en", "x"));
    private static final Sitting APRIL = new Sitting("2019-04", T,
            List.of(new EnrollmentWindow(LocalDateTime.parse("2019-02-20T12:00"), LocalDateTime.parse("2019-02-26T18:00"))),
            List.of(session("d1-am", "2019-04-13", "09:00", "11:30", "03708", "00041"), session("d1-pm", "2019-04-13", "14:30", "17:00", "03709"),
                    session("d2-am", "2019-04-14", "09:00", "11:30", "00015"), session("d2-pm", "2019-04-14", "14:30", "17:00", "00054")),
            LocalDate.parse("2019-05-24"), true);
    private static final List<DailyLock> LOCKS = List.of(new DailyLock(LocalTime.of(2, 0), LocalTime.of(6, 0), T));
    private static final CourseCatalogue CATALOGUE = new CourseCatalogue(true, List.of(new HostUniversity("10755", T)),
            List.of(course("00015"), course("00041"), course("00054"), course("00067"), course("03708"), course("03709"), course("06999")),
            List.of(new Major("120202", T, Major.Level.BACHELOR, "10755", List.of("03708", "03709", "00015", "00054", "00041", "06999")),
                    new Major("120203K", T, Major.Level.ASSOCIATE_TO_BACHELOR, "10755", List.of("03708", "00067")),
                    new Major("120206", T, Major.Level.BACHELOR, "10755", List.of("03708"), true)));

    private static ExamSession session(String id, String date, String starts, String ends, String... courses) {
        return new ExamSession(id, LocalDate.parse(date), LocalTime.parse(starts), LocalTime.parse(ends), List.of(courses));
    }

    private static Course course(String code) {
        return new Course(code, T, 4, Course.Kind.REQUIRED);
    }

    private static ErrorCode code(Runnable r) {
        try {
            r.run();
        } catch (KaowuException e) {
            return e.code();
        }
        return null;
    }

    private static ZonedDateTime at(String local) {
        return LocalDateTime.parse(local).atZone(ZONE);
    }

    @Test
    void theWindowOpensAtNoonAndClosesAtSixAndTheNightIsLocked() {
        assertThat(code(() -> EnrollmentRules.open(APRIL, LOCKS, at("2019-02-20T11:59:59")))).isEqualTo(ErrorCode.ENROLLMENT_CLOSED);
        assertThat(code(() -> EnrollmentRules.open(APRIL, LOCKS, at("2019-02-20T12:00")))).isNull();
        assertThat(code(() -> EnrollmentRules.open(APRIL, LOCKS, at("2019-02-22T03:00")))).isEqualTo(ErrorCode.DAILY_LOCK);
        assertThat(code(() -> EnrollmentRules.open(APRIL, LOCKS, at("2019-02-22T06:00")))).isNull();
        assertThat(code(() -> EnrollmentRules.open(APRIL, LOCKS, at("2019-02-26T17:59")))).isNull();
        assertThat(code(() -> EnrollmentRules.open(APRIL, LOCKS, at("2019-02-26T18:00")))).isEqualTo(ErrorCode.ENROLLMENT_CLOSED);
        assertThatThrownBy(() -> EnrollmentRules.open(APRIL, LOCKS, at("2019-02-22T03:00")))
                .isInstanceOfSatisfying(KaowuException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofHours(3)));
    }

    @Test
    void aPendingConfirmationOrBindingHasItsOwnCode() {
        RegistrationStep register = new RegistrationStep("register", RegistrationStep.Kind.REGISTER, T, RegistrationStep.Actor.CANDIDATE, List.of(),
                RegistrationStatus.PENDING_REVIEW);
        RegistrationStep approval = new RegistrationStep("approval", RegistrationStep.Kind.OFFICE_APPROVAL, T, RegistrationStep.Actor.OFFICE,
                List.of(), RegistrationStatus.REGISTERED);
        RegistrationStep confirm = new RegistrationStep("confirm", RegistrationStep.Kind.IDENTITY_CONFIRMATION, T, RegistrationStep.Actor.OFFICE,
                List.of(), RegistrationStatus.REGISTERED);
        RegistrationStep mobile = new RegistrationStep("mobile", RegistrationStep.Kind.MOBILE_BINDING, T, RegistrationStep.Actor.CANDIDATE,
                List.of(), RegistrationStatus.REGISTERED);
        Flow flow = new Flow(List.of(register, approval, confirm, mobile), List.of(), "confirm", Set.of(LoginIdentifier.ID_NUMBER));
        assertThat(code(() -> EnrollmentRules.readyToEnroll(flow, RegistrationStatus.PENDING_REVIEW, Optional.of("approval"))))
                .isEqualTo(ErrorCode.WRONG_STEP);
        assertThat(code(() -> EnrollmentRules.readyToEnroll(flow, RegistrationStatus.REGISTERED, Optional.of("confirm"))))
                .isEqualTo(ErrorCode.IDENTITY_NOT_CONFIRMED);
        assertThat(code(() -> EnrollmentRules.readyToEnroll(flow, RegistrationStatus.REGISTERED, Optional.of("mobile"))))
                .isEqualTo(ErrorCode.MOBILE_NOT_BOUND);
        assertThat(code(() -> EnrollmentRules.readyToEnroll(flow, RegistrationStatus.REGISTERED, Optional.empty()))).isNull();
        assertThat(code(() -> EnrollmentRules.readyToEnroll(flow, RegistrationStatus.REJECTED, Optional.empty()))).isEqualTo(ErrorCode.WRONG_STEP);
    }

    @Test
    void majorsAreKnownOnceEachAndAssociateToBachelorNeedsTheDiploma() {
        assertThat(EnrollmentRules.majors(CATALOGUE, List.of("120202", "120206"), Set.of())).containsExactly("120202", "120206");
        assertThat(code(() -> EnrollmentRules.majors(CATALOGUE, List.of("999999"), Set.of()))).isEqualTo(ErrorCode.UNKNOWN_MAJOR);
        assertThat(code(() -> EnrollmentRules.majors(CATALOGUE, List.of("120202", "120202"), Set.of()))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(code(() -> EnrollmentRules.majors(CATALOGUE, List.of(), Set.of()))).isEqualTo(ErrorCode.FIELD_REQUIRED);
        assertThat(code(() -> EnrollmentRules.majors(CATALOGUE, List.of("120203K"), Set.of()))).isEqualTo(ErrorCode.PRIOR_EDUCATION_NOT_VERIFIED);
        assertThat(EnrollmentRules.majors(CATALOGUE, List.of("120203K"), Set.of("120203K"))).containsExactly("120203K");
    }

    private static List<CourseChoice> choose(String major, String... courses) {
        return java.util.Arrays.stream(courses).map(c -> new CourseChoice(major, c)).toList();
    }

    @Test
    void eachCourseRuleHasItsOwnCode() {
        List<String> majors = List.of("120202");
        List<Enrollment.Line> lines = EnrollmentRules.lines(APRIL, CATALOGUE, majors, choose("120202", "03708", "03709", "00015", "00054"));
        assertThat(lines).extracting(Enrollment.Line::session).containsExactly("d1-am", "d1-pm", "d2-am", "d2-pm");
        assertThat(code(() -> EnrollmentRules.lines(APRIL, CATALOGUE, majors, choose("120202", "03708", "03709", "00015", "00054", "00041"))))
                .isEqualTo(ErrorCode.TOO_MANY_COURSES);
        assertThat(code(() -> EnrollmentRules.lines(APRIL, CATALOGUE, majors, choose("120202", "03708", "00041"))))
                .isEqualTo(ErrorCode.SESSION_CONFLICT);
        assertThat(code(() -> EnrollmentRules.lines(APRIL, CATALOGUE, majors, choose("120202", "00067"))))
                .isEqualTo(ErrorCode.COURSE_NOT_IN_MAJOR);
        assertThat(code(() -> EnrollmentRules.lines(APRIL, CATALOGUE, majors, choose("120203K", "03708"))))
                .as("a major that is not chosen").isEqualTo(ErrorCode.COURSE_NOT_IN_MAJOR);
        assertThat(code(() -> EnrollmentRules.lines(APRIL, CATALOGUE, majors, choose("120202", "06999"))))
                .isEqualTo(ErrorCode.COURSE_NOT_EXAMINED);
        assertThat(code(() -> EnrollmentRules.lines(APRIL, CATALOGUE, majors, choose("120202", "03708", "03708"))))
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(code(() -> EnrollmentRules.lines(APRIL, CATALOGUE, majors, List.of()))).isEqualTo(ErrorCode.FIELD_REQUIRED);
    }

    @Test
    void groupOnlyMajorsAreFound() {
        assertThat(EnrollmentRules.groupOnlyMajor(CATALOGUE, List.of("120202", "120206"))).contains("120206");
        assertThat(EnrollmentRules.groupOnlyMajor(CATALOGUE, List.of("120202"))).isEmpty();
    }

    @Test
    void theFeeScheduleAndItsProviderPriceTheEnrollment() {
        Fees fees = new Fees("CNY", true, List.of(new Fee("per-course", T, new BigDecimal("30.00"), Fee.Basis.PER_COURSE),
                new Fee("registration", T, new BigDecimal("6.5"), Fee.Basis.PER_ENROLLMENT),
                new Fee("recheck", T, new BigDecimal("10"), Fee.Basis.PER_APPLICATION)));
        var price = EnrollmentRules.price(fees, 4, "org.kaowu.plugins.fee-override 1.0.0");
        assertThat(price.value()).isEqualTo(new BigDecimal("126.50"));
        assertThat(price.currency()).isEqualTo("CNY");
        assertThat(price.pricedBy()).isEqualTo("org.kaowu.plugins.fee-override 1.0.0");
    }
}
