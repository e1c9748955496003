package org.kaowu.portal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The office desk's files as the bundle publishes them, read from the sources. */
class OfficeServletTest {
    private static final Path RESOURCES = Path.of("src/main/resources");

    private static Map<String, byte[]> folder(String name) {
        Map<String, byte[]> files = new TreeMap<>();
        Path root = RESOURCES.resolve(name);
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                try {
                    files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static OfficeServlet servlet() {
        return new OfficeServlet(new PortalAssets(OfficeServlet.sources(folder("portal"), folder("office")), OfficeServlet.BASE));
    }

    @Test
    void theShellLoadsTheDeskAndThePortalsSharedModulesFingerprintedUnderOfficeAssets() {
        String page = servlet().page("ug");
        assertThat(page).contains("lang=\"ug\" dir=\"rtl\"").doesNotContain("{{").doesNotContain("<script>").doesNotContain("style=");
        Matcher assets = Pattern.compile("(?:href|src)=\"(/[^\"]+)\"").matcher(page);
        Set<String> urls = new TreeSet<>();
        while (assets.find()) {
            urls.add(assets.group(1));
        }
        assertThat(urls).allMatch(u -> u.equals("/office/") || u.matches("/office/assets/[a-z0-9-]+\\.[0-9a-f]{12}\\.(js|css|svg|json)"));
        assertThat(urls).anyMatch(u -> u.startsWith("/office/assets/office.")).anyMatch(u -> u.startsWith("/office/assets/portal."))
                .anyMatch(u -> u.startsWith("/office/assets/app."));
        // the desk's api.js is the portal's, byte for byte: one way of calling the API
        PortalAssets portal = new PortalAssets(folder("portal"));
        PortalAssets desk = new PortalAssets(OfficeServlet.sources(folder("portal"), folder("office")), OfficeServlet.BASE);
        assertThat(desk.url("api.js").substring(OfficeServlet.BASE.length())).isEqualTo(portal.url("api.js").substring("/assets/".length()));
        assertThat(desk.languageBundles()).containsOnlyKeys("en", "ug", "zh-CN");
        assertThat(desk.languageBundles().values()).allMatch(u -> u.startsWith("/office/assets/messages-"));
    }

    @Test
    void everyTextTheDeskUsesIsInEveryLanguage() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Set<String>> keys = new TreeMap<>();
        for (String lang : new String[] {"en", "zh-CN", "ug"}) {
            Set<String> k = new TreeSet<>();
            json.readTree(RESOURCES.resolve("office/messages/" + lang + ".json").toFile()).fieldNames().forEachRemaining(k::add);
            keys.put(lang, k);
        }
        assertThat(keys.get("zh-CN")).isEqualTo(keys.get("en"));
        assertThat(keys.get("ug")).isEqualTo(keys.get("en"));
        Set<String> used = new TreeSet<>();
        Map<String, byte[]> sources = OfficeServlet.sources(folder("portal"), folder("office"));
        for (String module : new String[] {"app.js", "pages.js", "camera.js", "chart.js", "dom.js", "api.js"}) {
            Matcher m = Pattern.compile("\\bt\\(\"([A-Za-z.]+[A-Za-z])\"").matcher(new String(sources.get(module), StandardCharsets.UTF_8));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(keys.get("en")).containsAll(used);
        for (String role : new String[] {"COUNTY_OFFICE", "CITY_OFFICE", "PROVINCE_OFFICE", "ASSISTANCE_UNIT", "PLATFORM_ADMIN"}) {
            assertThat(keys.get("en")).contains("role." + role);
        }
        for (String q : new String[] {"review", "confirmation", "proof", "merge"}) {
            assertThat(keys.get("en")).contains("queue." + q);
        }
    }
}
