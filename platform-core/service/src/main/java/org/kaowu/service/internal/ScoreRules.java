package org.kaowu.service.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.LineError;
import org.kaowu.api.LocalizedText;
import org.kaowu.api.Score;
import org.kaowu.api.SittingScore;
import org.kaowu.api.Transcript;
import org.kaowu.api.rules.Course;
import org.kaowu.api.rules.CourseCatalogue;
import org.kaowu.api.rules.Major;
import org.kaowu.api.rules.ScoreDeadlines;
import org.kaowu.api.rules.ScoreValidity;
import org.kaowu.api.rules.Sitting;
import org.kaowu.api.rules.SittingDeadlines;
import org.kaowu.api.rules.WorkingDays;

/**
 * The rules of scores as plain functions: publication, the re-check window on the working-day calendar,
 * checking a marking centre's file row by row, and the transcript (best attempt per course, validity,
 * what each major still lacks).
 */
final class ScoreRules {
    static final List<String> COLUMNS = List.of("ticketNumber", "course", "score");

    private ScoreRules() {
    }

    /** Whether the sitting's scores are published on {@code today} (region time): from the publication date on. */
    static boolean published(Sitting sitting, LocalDate today) {
        return !today.isBefore(sitting.scorePublication());
    }

    /**
     * A re-check may be applied for from the publication date through the last of the region's re-check
     * working days counted from it (the publication day counts when it is a working day).
     *
     * @throws KaowuException RECHECK_CLOSED outside that window, or when the region has none
     */
    static void recheckOpen(Sitting sitting, ScoreDeadlines deadlines, WorkingDays days, LocalDate today) {
        Optional<LocalDate> closes = SittingDeadlines.of(sitting, deadlines, days).recheckCloses();
        if (closes.isEmpty()) {
            throw new KaowuException(ErrorCode.RECHECK_CLOSED, "This region offers no re-check of scores online");
        }
        if (today.isBefore(sitting.scorePublication())) {
            throw new KaowuException(ErrorCode.RECHECK_CLOSED, "The scores of " + sitting.code() + " are published on " + sitting.scorePublication()
                    + "; re-checks open then");
        }
        if (today.isAfter(closes.get())) {
            throw new KaowuException(ErrorCode.RECHECK_CLOSED, "Re-checks of " + sitting.code() + " closed on " + closes.get() + " ("
                    + deadlines.recheckWorkingDays() + " working days from the publication on " + sitting.scorePublication() + ")");
        }
    }

    /** A checked row of an import. */
    record Checked(int line, String ticketNumber, UUID candidate, String course, Score score) {
    }

    /**
     * Checks every row; faults go to {@code errors} with their line, good rows are returned.
     *
     * @param examinees ticket number → course → candidate, of the sitting's paid enrollments
     * @param known whether a ticket number belongs to a candidate of the region (for those without a paid enrollment)
     */
    static List<Checked> check(List<CsvFile.Row> rows, Map<String, Map<String, UUID>> examinees, Function<String, Boolean> known,
            CourseCatalogue catalogue, String sitting, List<LineError> errors) {
        Map<String, Course> courses = new HashMap<>();
        catalogue.courses().forEach(c -> courses.put(c.code(), c));
        Map<String, Integer> firstLine = new HashMap<>();
        List<Checked> out = new ArrayList<>();
        for (CsvFile.Row row : rows) {
            int before = errors.size();
            String ticket = CsvFile.value(row, "ticketNumber").orElse(null);
            String code = CsvFile.value(row, "course").orElse(null);
            String text = CsvFile.value(row, "score").orElse(null);
            if (ticket == null) {
                errors.add(new LineError(row.line(), "ticketNumber", ErrorCode.FIELD_REQUIRED, "ticketNumber is empty"));
            }
            if (code == null) {
                errors.add(new LineError(row.line(), "course", ErrorCode.FIELD_REQUIRED, "course is empty"));
            }
            if (text == null) {
                errors.add(new LineError(row.line(), "score", ErrorCode.FIELD_REQUIRED, "score is empty"));
            }
            UUID candidate = null;
            Course course = code == null ? null : courses.get(code);
            if (code != null && course == null) {
                errors.add(new LineError(row.line(), "course", ErrorCode.COURSE_NOT_ENROLLED, "No course " + code + " in the region's catalogue"));
            }
            if (ticket != null) {
                Map<String, UUID> enrolled = examinees.get(ticket);
                if (enrolled == null && !known.apply(ticket)) {
                    errors.add(new LineError(row.line(), "ticketNumber", ErrorCode.TICKET_NUMBER_NOT_FOUND, "No candidate of the region has this ticket number"));
                } else if (course != null) {
                    candidate = enrolled == null ? null : enrolled.get(code);
                    if (candidate == null) {
                        errors.add(new LineError(row.line(), "course", ErrorCode.COURSE_NOT_ENROLLED,
                                "The candidate's paid enrollment of " + sitting + " does not hold course " + code));
                    }
                }
                if (code != null) {
                    Integer seen = firstLine.putIfAbsent(ticket + "\u0000" + code, row.line());
                    if (seen != null) {
                        errors.add(new LineError(row.line(), null, ErrorCode.DUPLICATE_ROW, "The same ticket number and course are on line " + seen));
                    }
                }
            }
            Score score = null;
            if (text != null && course != null) {
                try {
                    score = Score.parse(text, course.grading());
                } catch (KaowuException e) {
                    errors.add(new LineError(row.line(), "score", e.code(), e.getMessage() + " (course " + code + ")"));
                }
            }
            if (errors.size() == before) {
                out.add(new Checked(row.line(), ticket, candidate, code, score));
            }
        }
        return out;
    }

    /** The best of several attempts: a pass before a fail, then more points or a better grade, then the later sitting. */
    static SittingScore best(List<SittingScore> attempts, Map<String, LocalDate> publication) {
        return attempts.stream().min(Comparator.comparing(SittingScore::score, Score.BETTER_FIRST)
                .thenComparing(s -> publication.getOrDefault(s.sitting(), LocalDate.MIN), Comparator.reverseOrder())).orElseThrow();
    }

    /**
     * The transcript of published attempts.
     *
     * @param publication each sitting's publication date (attempts are ordered by it)
     * @param majors the majors the candidate enrolled in
     */
    static Transcript transcript(List<SittingScore> attempts, Map<String, LocalDate> publication, CourseCatalogue catalogue, Set<String> majors,
            ScoreValidity validity, LocalDate today) {
        Map<String, List<SittingScore>> byCourse = new LinkedHashMap<>();
        attempts.stream().sorted(Comparator.comparing((SittingScore s) -> publication.getOrDefault(s.sitting(), LocalDate.MIN))
                .thenComparing(SittingScore::course)).forEach(s -> byCourse.computeIfAbsent(s.course(), k -> new ArrayList<>()).add(s));
        Map<String, LocalizedText> names = new HashMap<>();
        catalogue.courses().forEach(c -> names.put(c.code(), c.names()));
        List<Transcript.CourseResult> results = new ArrayList<>();
        Set<String> counting = new LinkedHashSet<>();
        byCourse.keySet().stream().sorted().forEach(course -> {
            List<SittingScore> tries = byCourse.get(course);
            SittingScore best = best(tries, publication);
            Optional<LocalDate> passedOn = best.score().passed() ? Optional.ofNullable(publication.get(best.sitting())) : Optional.empty();
            Optional<LocalDate> validUntil = passedOn.flatMap(on -> validity.validFor().map(p -> on.plus(p).minusDays(1)));
            if (passedOn.isPresent() && validity.counts(passedOn.get(), today)) {
                counting.add(course);
            }
            results.add(new Transcript.CourseResult(course, names.getOrDefault(course, LocalizedText.of(course, course)), tries, best, passedOn, validUntil));
        });
        List<Transcript.MajorProgress> progress = new ArrayList<>();
        for (Major m : catalogue.majors()) {
            if (majors.contains(m.code())) {
                progress.add(new Transcript.MajorProgress(m.code(), m.names(), m.courses().stream().filter(c -> !counting.contains(c)).toList()));
            }
        }
        return new Transcript(results, progress, validity.note());
    }
}
