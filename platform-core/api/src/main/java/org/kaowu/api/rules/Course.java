package org.kaowu.api.rules;

import org.kaowu.api.LocalizedText;

/** A course by its national code (e.g. 03708), with its credits and kind. */
public record Course(String code, LocalizedText names, int credits, Kind kind) {
    public Course {
        Check.code(code, "course code");
        Check.present(names, "course " + code + " names");
        Check.atLeast(credits, 0, "course " + code + " credits");
        Check.present(kind, "course " + code + " kind");
    }

    public enum Kind {
        /** A written exam every candidate of the major takes. */
        REQUIRED,
        ELECTIVE,
        /** Graded excellent to fail, or pass / fail. */
        PRACTICAL,
        THESIS
    }
}
