package org.kaowu.service.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.Grade;
import org.kaowu.api.KaowuException;
import org.kaowu.api.LineError;
import org.kaowu.api.LocalizedText;
import org.kaowu.api.Score;
import org.kaowu.api.SittingScore;
import org.kaowu.api.Transcript;
import org.kaowu.api.rules.Course;
import org.kaowu.api.rules.CourseCatalogue;
import org.kaowu.api.rules.EnrollmentWindow;
import org.kaowu.api.rules.ExamSession;
import org.kaowu.api.rules.HostUniversity;
import org.kaowu.api.rules.Major;
import org.kaowu.api.rules.ScoreDeadlines;
import org.kaowu.api.rules.ScoreValidity;
import org.kaowu.api.rules.Sitting;
import org.kaowu.api.rules.WorkingDays;

/** Scores on a made-up region "lakeland": grading, the best attempt, the re-check window in working days, the import check, the transcript. */
class ScoreRulesTest {
    private static final LocalizedText T = LocalizedText.of("课", "course");
    /** Published Thursday 30 April 2026; 1-5 May are holidays, Saturday 9 May a make-up working day. */
    private static final Sitting APRIL = new Sitting("2026-04", T,
            List.of(new EnrollmentWindow(LocalDateTime.parse("2026-02-28T09:00"), LocalDateTime.parse("2026-03-06T17:00"))),
            List.of(new ExamSession("d1-am", LocalDate.parse("2026-04-11"), LocalTime.of(9, 0), LocalTime.of(11, 30), List.of("03708", "02332"))),
            LocalDate.parse("2026-04-30"), true);
    private static final WorkingDays DAYS = new WorkingDays(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
            new TreeSet<>(List.of(LocalDate.parse("2026-05-01"), LocalDate.parse("2026-05-02"), LocalDate.parse("2026-05-03"),
                    LocalDate.parse("2026-05-04"), LocalDate.parse("2026-05-05"))),
            new TreeSet<>(List.of(LocalDate.parse("2026-05-09"))));
    private static final ScoreDeadlines FIVE = new ScoreDeadlines(5, 15, 10);
    private static final CourseCatalogue CATALOGUE = new CourseCatalogue(true, List.of(new HostUniversity("10611", T)),
            List.of(new Course("03708", T, 2, Course.Kind.REQUIRED), new Course("03709", T, 4, Course.Kind.REQUIRED),
                    new Course("02332", T, 1, Course.Kind.PRACTICAL, Course.Grading.GRADES), new Course("02333", T, 1, Course.Kind.PRACTICAL, Course.Grading.PASS_FAIL)),
            List.of(new Major("080901", T, Major.Level.BACHELOR, "10611", List.of("03708", "03709", "02332")),
                    new Major("080902", T, Major.Level.BACHELOR, "10611", List.of("03708", "02333"))));

    private static void assertCode(Runnable r, ErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(KaowuException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void pointsPassFromSixtyAndPracticalCoursesTakeTheirGrades() {
        assertThat(Score.parse("60", Course.Grading.POINTS).passed()).isTrue();
        assertThat(Score.parse("59", Course.Grading.POINTS).passed()).isFalse();
        assertThat(Score.parse(" 100 ", Course.Grading.POINTS).points()).contains(100);
        assertThat(Score.parse("0", Course.Grading.POINTS).passed()).isFalse();
        for (String bad : List.of("101", "-1", "7.5", "", "GOOD", "1000")) {
            assertCode(() -> Score.parse(bad, Course.Grading.POINTS), ErrorCode.SCORE_OUT_OF_RANGE);
        }
        assertThat(Score.parse("good", Course.Grading.GRADES).grade()).contains(Grade.GOOD);
        assertThat(Score.parse("优秀", Course.Grading.GRADES).grade()).contains(Grade.EXCELLENT);
        assertThat(Score.parse("不及格", Course.Grading.GRADES).passed()).isFalse();
        assertThat(Score.parse("FAIR", Course.Grading.GRADES).passed()).isTrue();
        assertCode(() -> Score.parse("75", Course.Grading.GRADES), ErrorCode.SCORE_OUT_OF_RANGE);
        assertThat(Score.parse("合格", Course.Grading.PASS_FAIL).grade()).contains(Grade.PASS);
        assertThat(Score.parse("fail", Course.Grading.PASS_FAIL).passed()).isFalse();
        assertCode(() -> Score.parse("GOOD", Course.Grading.PASS_FAIL), ErrorCode.SCORE_OUT_OF_RANGE);
        // without a grading in the data, practical courses are graded and the others have points
        assertThat(new Course("02399", T, 1, Course.Kind.PRACTICAL).grading()).isEqualTo(Course.Grading.GRADES);
        assertThat(new Course("00015", T, 1, Course.Kind.ELECTIVE).grading()).isEqualTo(Course.Grading.POINTS);
    }

    private static SittingScore attempt(String sitting, String score) {
        return new SittingScore(sitting, "03708", Score.parse(score, Course.Grading.POINTS), false);
    }

    @Test
    void theBestAttemptCountsAlsoWhenAPassedCourseIsRetaken() {
        Map<String, LocalDate> published = Map.of("2025-04", LocalDate.parse("2025-05-10"), "2025-10", LocalDate.parse("2025-11-20"),
                "2026-04", LocalDate.parse("2026-04-30"));
        assertThat(ScoreRules.best(List.of(attempt("2025-04", "62"), attempt("2025-10", "85")), published).score().points()).contains(85);
        assertThat(ScoreRules.best(List.of(attempt("2025-04", "85"), attempt("2025-10", "70")), published).score().points()).contains(85);
        assertThat(ScoreRules.best(List.of(attempt("2025-04", "40"), attempt("2025-10", "65"), attempt("2026-04", "58")), published).sitting())
                .isEqualTo("2025-10");
        // the same score twice: the later sitting
        assertThat(ScoreRules.best(List.of(attempt("2025-04", "70"), attempt("2025-10", "70")), published).sitting()).isEqualTo("2025-10");
        SittingScore fair = new SittingScore("2025-04", "02332", Score.ofGrade(Grade.FAIR), false);
        SittingScore good = new SittingScore("2025-10", "02332", Score.ofGrade(Grade.GOOD), false);
        SittingScore failed = new SittingScore("2026-04", "02332", Score.ofGrade(Grade.FAIL), false);
        assertThat(ScoreRules.best(List.of(failed, fair, good), published)).isEqualTo(good);
    }

    @Test
    void aRecheckIsOpenFromPublicationForFiveWorkingDaysCountingHolidaysAndMakeUpDays() {
        // Thu 30 Apr (1), 1-5 May holidays, Wed 6 (2), Thu 7 (3), Fri 8 (4), Sat 9 make-up day (5), Mon 11 would be the 6th
        ScoreRules.recheckOpen(APRIL, FIVE, DAYS, LocalDate.parse("2026-04-30"));
        ScoreRules.recheckOpen(APRIL, FIVE, DAYS, LocalDate.parse("2026-05-03"));
        ScoreRules.recheckOpen(APRIL, FIVE, DAYS, LocalDate.parse("2026-05-09"));
        assertCode(() -> ScoreRules.recheckOpen(APRIL, FIVE, DAYS, LocalDate.parse("2026-05-10")), ErrorCode.RECHECK_CLOSED);
        assertCode(() -> ScoreRules.recheckOpen(APRIL, FIVE, DAYS, LocalDate.parse("2026-05-11")), ErrorCode.RECHECK_CLOSED);
        assertCode(() -> ScoreRules.recheckOpen(APRIL, FIVE, DAYS, LocalDate.parse("2026-04-29")), ErrorCode.RECHECK_CLOSED);
        // without the make-up day, Monday 11 May is the fifth working day
        WorkingDays noMakeUp = new WorkingDays(DAYS.weekend(), DAYS.holidays(), new TreeSet<>());
        ScoreRules.recheckOpen(APRIL, FIVE, noMakeUp, LocalDate.parse("2026-05-11"));
        assertCode(() -> ScoreRules.recheckOpen(APRIL, FIVE, noMakeUp, LocalDate.parse("2026-05-12")), ErrorCode.RECHECK_CLOSED);
        // a region without re-checks online
        assertCode(() -> ScoreRules.recheckOpen(APRIL, new ScoreDeadlines(0, 0, 0), DAYS, LocalDate.parse("2026-04-30")), ErrorCode.RECHECK_CLOSED);
        assertThat(ScoreRules.published(APRIL, LocalDate.parse("2026-04-29"))).isFalse();
        assertThat(ScoreRules.published(APRIL, LocalDate.parse("2026-04-30"))).isTrue();
    }

    @Test
    void anImportIsCheckedWholeWithEveryFaultByLine() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Map<String, Map<String, UUID>> examinees = Map.of("500100000011", Map.of("03708", a, "02332", a), "500100000029", Map.of("03708", b));
        Set<String> registered = Set.of("500100000011", "500100000029", "500100000037");
        String csv = "ticketNumber,course,score\n"
                + "500100000011,03708,75\n" // 2 good
                + "500100000011,02332,良好\n" // 3 good
                + "599999999999,03708,80\n" // 4 unknown ticket
                + "500100000037,03708,80\n" // 5 registered, not enrolled
                + "500100000029,02332,GOOD\n" // 6 enrolled, not in this course
                + "500100000029,03708,101\n" // 7 out of range
                + "500100000011,03708,76\n" // 8 duplicate of line 2
                + "500100000029,09999,60\n" // 9 no such course
                + ",03708,\n"; // 10 two fields empty
        List<CsvFile.Row> rows = CsvFile.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), ScoreRules.COLUMNS, 100);
        List<LineError> errors = new ArrayList<>();
        List<ScoreRules.Checked> good = ScoreRules.check(rows, examinees, registered::contains, CATALOGUE, "2026-04", errors);
        assertThat(good).extracting(ScoreRules.Checked::line).containsExactly(2, 3);
        assertThat(good.get(1).score().grade()).contains(Grade.GOOD);
        assertThat(good.get(0).candidate()).isEqualTo(a);
        assertThat(errors).extracting(LineError::line, LineError::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple(4, ErrorCode.TICKET_NUMBER_NOT_FOUND),
                org.assertj.core.groups.Tuple.tuple(5, ErrorCode.COURSE_NOT_ENROLLED),
                org.assertj.core.groups.Tuple.tuple(6, ErrorCode.COURSE_NOT_ENROLLED),
                org.assertj.core.groups.Tuple.tuple(7, ErrorCode.SCORE_OUT_OF_RANGE),
                org.assertj.core.groups.Tuple.tuple(8, ErrorCode.DUPLICATE_ROW),
                org.assertj.core.groups.Tuple.tuple(9, ErrorCode.COURSE_NOT_ENROLLED),
                org.assertj.core.groups.Tuple.tuple(10, ErrorCode.FIELD_REQUIRED),
                org.assertj.core.groups.Tuple.tuple(10, ErrorCode.FIELD_REQUIRED));
        assertThat(errors.get(4).detail()).contains("line 2");
    }

    @Test
    void theTranscriptShowsTheBestAttemptItsValidityAndWhatEachMajorLacks() {
        Map<String, LocalDate> published = Map.of("2018-04", LocalDate.parse("2018-05-10"), "2026-04", LocalDate.parse("2026-04-30"));
        List<SittingScore> attempts = List.of(new SittingScore("2018-04", "03708", Score.ofPoints(61), false),
                new SittingScore("2026-04", "03708", Score.ofPoints(88), true), new SittingScore("2018-04", "03709", Score.ofPoints(70), false),
                new SittingScore("2026-04", "02332", Score.ofGrade(Grade.FAIL), false));
        ScoreValidity never = new ScoreValidity(Optional.empty(), T);
        Transcript t = ScoreRules.transcript(attempts, published, CATALOGUE, Set.of("080901", "080902"), never, LocalDate.parse("2026-05-06"));
        Transcript.CourseResult history = t.courses().stream().filter(c -> c.course().equals("03708")).findFirst().orElseThrow();
        assertThat(history.best().score().points()).contains(88);
        assertThat(history.best().corrected()).isTrue();
        assertThat(history.attempts()).hasSize(2);
        assertThat(history.passedOn()).contains(LocalDate.parse("2026-04-30"));
        assertThat(history.validUntil()).isEmpty();
        assertThat(t.majors()).extracting(Transcript.MajorProgress::major, Transcript.MajorProgress::missing).containsExactly(
                org.assertj.core.groups.Tuple.tuple("080901", List.of("02332")), org.assertj.core.groups.Tuple.tuple("080902", List.of("02333")));

        // eight years from the pass: 03709, passed in May 2018, no longer counts in 2026
        ScoreValidity eight = new ScoreValidity(Optional.of(Period.ofYears(8)), T);
        Transcript old = ScoreRules.transcript(attempts, published, CATALOGUE, Set.of("080901"), eight, LocalDate.parse("2026-05-10"));
        Transcript.CourseResult expired = old.courses().stream().filter(c -> c.course().equals("03709")).findFirst().orElseThrow();
        assertThat(expired.validUntil()).contains(LocalDate.parse("2026-05-09"));
        assertThat(old.majors().get(0).missing()).containsExactly("03709", "02332");
        Transcript before = ScoreRules.transcript(attempts, published, CATALOGUE, Set.of("080901"), eight, LocalDate.parse("2026-05-09"));
        assertThat(before.majors().get(0).missing()).containsExactly("02332");
    }
}
