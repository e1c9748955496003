package org.kaowu.api.rules;

import org.kaowu.api.LocalizedText;

/**
 * A course by its national code (e.g. 03708), with its credits, kind and how its result is given:
 * points out of 100 for written exams, grades for practical courses (excellent to fail, or pass / fail)
 * as the region's catalogue says. Without a grading in the data a practical course is graded excellent
 * to fail and every other course has points.
 */
public record Course(String code, LocalizedText names, int credits, Kind kind, Grading grading) {
    public Course {
        Check.code(code, "course code");
        Check.present(names, "course " + code + " names");
        Check.atLeast(credits, 0, "course " + code + " credits");
        Check.present(kind, "course " + code + " kind");
        if (grading == null) {
            grading = kind == Kind.PRACTICAL ? Grading.GRADES : Grading.POINTS;
        }
    }

    /** A course with the default grading of its kind. */
    public Course(String code, LocalizedText names, int credits, Kind kind) {
        this(code, names, credits, kind, null);
    }

    public enum Kind {
        /** A written exam every candidate of the major takes. */
        REQUIRED,
        ELECTIVE,
        /** Graded excellent to fail, or pass / fail. */
        PRACTICAL,
        THESIS
    }

    /** How a course's result is given. */
    public enum Grading {
        /** A whole number of points from 0 to 100; 60 passes. */
        POINTS,
        /** Excellent, good, fair, pass or fail (优秀, 良好, 中等, 及格, 不及格). */
        GRADES,
        /** Pass or fail (合格, 不合格). */
        PASS_FAIL
    }
}
