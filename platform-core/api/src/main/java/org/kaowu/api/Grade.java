package org.kaowu.api;

import java.util.Locale;
import java.util.Optional;

/**
 * The grade of a practical course (实践课程): excellent, good, fair, pass, fail (优秀, 良好, 中等, 及格, 不及格),
 * or just pass and fail (合格, 不合格) where the region grades the course so. Ordered best first.
 */
public enum Grade {
    EXCELLENT("优秀"), GOOD("良好"), FAIR("中等"), PASS("及格"), FAIL("不及格");

    private final String chinese;

    Grade(String chinese) {
        this.chinese = chinese;
    }

    public String chinese() {
        return chinese;
    }

    public boolean passed() {
        return this != FAIL;
    }

    /** The grade a marking centre writes: the English name (any case) or the Chinese one, 合格 / 不合格 for pass / fail. */
    public static Optional<Grade> parse(String text) {
        String t = text.strip();
        for (Grade g : values()) {
            if (g.name().equalsIgnoreCase(t) || g.chinese.equals(t)) {
                return Optional.of(g);
            }
        }
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "合格", "passed" -> Optional.of(PASS);
            case "不合格", "failed" -> Optional.of(FAIL);
            default -> Optional.empty();
        };
    }
}
