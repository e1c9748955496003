package org.kaowu.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * A text in several languages, keyed by BCP 47 language tag ("zh-CN", "en", "ug").
 */
public record LocalizedText(Map<String, String> values) {
    public LocalizedText {
        values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static LocalizedText of(String zhCn, String en) {
        return new LocalizedText(Map.of("zh-CN", zhCn, "en", en));
    }
}
