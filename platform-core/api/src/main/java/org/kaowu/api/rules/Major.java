package org.kaowu.api.rules;

import java.util.List;

import org.kaowu.api.LocalizedText;

/** A major (专业) at one level, its host university and the codes of its courses. */
public record Major(String code, LocalizedText names, Level level, String hostUniversity, List<String> courses) {
    public Major {
        Check.code(code, "major code");
        Check.present(names, "major " + code + " names");
        Check.present(level, "major " + code + " level");
        Check.code(hostUniversity, "major " + code + " hostUniversity");
        courses = Check.nonEmpty(courses, "major " + code + " courses");
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
