package org.kaowu.api.rules;

import java.util.List;

import org.kaowu.api.LocalizedText;

/**
 * A major (专业) at one level, its host university and the codes of its courses. {@code groupOnly} marks a
 * department-commissioned major, enrolled as a group by the commissioning department only (by a group
 * enrollment point, never by personal online payment).
 */
public record Major(String code, LocalizedText names, Level level, String hostUniversity, List<String> courses, boolean groupOnly) {
    public Major {
        Check.code(code, "major code");
        Check.present(names, "major " + code + " names");
        Check.present(level, "major " + code + " level");
        Check.code(hostUniversity, "major " + code + " hostUniversity");
        courses = Check.nonEmpty(courses, "major " + code + " courses");
    }

    /** A major open to every candidate. */
    public Major(String code, LocalizedText names, Level level, String hostUniversity, List<String> courses) {
        this(code, names, level, hostUniversity, courses, false);
    }

    public enum Level {
        /** 专科 */
        ASSOCIATE,
        /** 本科 */
        BACHELOR,
        /** 专升本: bachelor level for holders of an associate diploma, whose prior education is verified. */
        ASSOCIATE_TO_BACHELOR
    }
}
