package org.kaowu.portal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every language's core bundle has every key of the Chinese one (no text falls back), and every key the modules name exists. */
class PortalMessagesTest {
    private static final Path PORTAL = Path.of("src/main/resources/portal");
    private static final Pattern KEY = Pattern.compile("^\\s*\"([^\"]+)\"\\s*:", Pattern.MULTILINE);
    private static final Pattern USED = Pattern.compile("\\bt\\(\"([A-Za-z0-9_.]+)\"\\s*[,)]");

    private static Set<String> keys(String lang) throws IOException {
        Set<String> keys = new TreeSet<>();
        Matcher m = KEY.matcher(Files.readString(PORTAL.resolve("messages/" + lang + ".json"), StandardCharsets.UTF_8));
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    @Test
    void everyLanguageHasEveryKeyOfTheChineseBundle() throws IOException {
        Set<String> chinese = keys("zh-CN");
        assertThat(chinese).hasSizeGreaterThan(100);
        try (Stream<Path> bundles = Files.list(PORTAL.resolve("messages"))) {
            for (Path bundle : bundles.toList()) {
                String lang = bundle.getFileName().toString().replace(".json", "");
                assertThat(keys(lang)).as(lang).containsAll(chinese);
                assertThat(chinese).as("keys only " + lang + " has").containsAll(keys(lang));
            }
        }
    }

    @Test
    void everyKeyAModuleNamesIsInTheBundles() throws IOException {
        Set<String> chinese = keys("zh-CN");
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> modules = Files.list(PORTAL)) {
            for (Path module : modules.filter(p -> p.toString().endsWith(".js")).toList()) {
                Matcher m = USED.matcher(Files.readString(module, StandardCharsets.UTF_8));
                while (m.find()) {
                    if (!chinese.contains(m.group(1))) {
                        missing.add(module.getFileName() + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
