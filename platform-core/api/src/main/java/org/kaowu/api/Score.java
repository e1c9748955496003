package org.kaowu.api;

import java.util.Comparator;
import java.util.Optional;

import org.kaowu.api.rules.Course;

/**
 * One course result: points out of 100 (60 passes, the national pass mark) or a grade, as the course's
 * grading says. {@link #BETTER_FIRST} orders results best first, so that the best of several attempts
 * at a course is the one that counts.
 */
public record Score(Optional<Integer> points, Optional<Grade> grade) {
    /** The pass mark of every course with points (60 of 100). */
    public static final int PASS_MARK = 60;
    public static final int MAX_POINTS = 100;

    /** Passed before failed, then more points or a better grade first. */
    public static final Comparator<Score> BETTER_FIRST = Comparator.comparing(Score::passed).reversed()
            .thenComparing(s -> s.points().orElse(-1), Comparator.reverseOrder())
            .thenComparing(s -> s.grade().map(Grade::ordinal).orElse(Integer.MAX_VALUE));

    public Score {
        if (points.isPresent() == grade.isPresent()) {
            throw new IllegalArgumentException("a score has points or a grade, one of them");
        }
        points.ifPresent(p -> {
            if (p < 0 || p > MAX_POINTS) {
                throw new IllegalArgumentException("points " + p + " are not between 0 and " + MAX_POINTS);
            }
        });
    }

    public static Score ofPoints(int points) {
        return new Score(Optional.of(points), Optional.empty());
    }

    public static Score ofGrade(Grade grade) {
        return new Score(Optional.empty(), Optional.of(grade));
    }

    public boolean passed() {
        return points.map(p -> p >= PASS_MARK).orElseGet(() -> grade.orElseThrow().passed());
    }

    /**
     * The score as a marking centre or an office writes it for a course of this grading: a whole number
     * 0–100 for points, a grade (English or Chinese) for graded courses, pass or fail only for pass / fail.
     *
     * @throws KaowuException SCORE_OUT_OF_RANGE naming what the course takes
     */
    public static Score parse(String text, Course.Grading grading) {
        String t = text == null ? "" : text.strip();
        switch (grading) {
            case POINTS -> {
                if (t.matches("[0-9]{1,3}")) {
                    int p = Integer.parseInt(t);
                    if (p <= MAX_POINTS) {
                        return ofPoints(p);
                    }
                }
                throw new KaowuException(ErrorCode.SCORE_OUT_OF_RANGE, "score", "'" + t + "' is not a whole number of points from 0 to 100");
            }
            case GRADES -> {
                return Grade.parse(t).map(Score::ofGrade).orElseThrow(() -> new KaowuException(ErrorCode.SCORE_OUT_OF_RANGE, "score",
                        "'" + t + "' is not a grade (excellent, good, fair, pass, fail) of this practical course"));
            }
            default -> {
                return Grade.parse(t).filter(g -> g == Grade.PASS || g == Grade.FAIL).map(Score::ofGrade)
                        .orElseThrow(() -> new KaowuException(ErrorCode.SCORE_OUT_OF_RANGE, "score", "'" + t + "' is not pass or fail, the grades of this course"));
            }
        }
    }

    /** "75", or the grade's name ("GOOD"). */
    @Override
    public String toString() {
        return points.map(String::valueOf).orElseGet(() -> grade.orElseThrow().name());
    }
}
