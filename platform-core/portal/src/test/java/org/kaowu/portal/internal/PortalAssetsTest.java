package org.kaowu.portal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

class PortalAssetsTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static PortalAssets assets(String dependency) {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("shell.html", b("<html lang=\"{{lang}}\">"));
        files.put("app.js", b("import { x } from \"./dep.js\";\nconsole.log(x);\n"));
        files.put("dep.js", b(dependency));
        files.put("portal.css", b("body{}"));
        files.put("messages/en.json", b("{\"_name\":\"English\"}"));
        files.put("messages/ug.json", b("{\"_name\":\"ئۇيغۇرچە\",\"_dir\":\"rtl\"}"));
        return new PortalAssets(files);
    }

    @Test
    void namesCarryTheContentHashAndImportsPointAtTheHashedNames() throws Exception {
        PortalAssets one = assets("export const x = 1;");
        String app = one.url("app.js");
        assertThat(app).matches("/assets/app\\.[0-9a-f]{12}\\.js");
        String text = new String(one.asset(app.substring(8)).orElseThrow().bytes(), StandardCharsets.UTF_8);
        assertThat(text).contains("from \"./" + one.url("dep.js").substring(8) + "\"");
        assertThat(one.languageBundles()).containsOnlyKeys("en", "ug");
        try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(one.asset(app.substring(8)).orElseThrow().gzip()))) {
            assertThat(new String(z.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(text);
        }

        PortalAssets two = assets("export const x = 2;");
        assertThat(two.url("dep.js")).isNotEqualTo(one.url("dep.js"));
        assertThat(two.url("app.js")).as("a changed import renames its importer").isNotEqualTo(app);
        assertThat(two.url("portal.css")).isEqualTo(one.url("portal.css"));
    }

    @Test
    void theShellNamesTheLanguageItsDirectionAndNoInlineScript() {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("shell.html", b("<html lang=\"{{lang}}\" dir=\"{{dir}}\"><link href=\"{{css}}\">{{preload}}<script type=\"module\" src=\"{{app}}\"></script>"
                + "<link rel=icon href=\"{{icon}}\"><body data-bundles=\"{{bundles}}\">"));
        for (String f : new String[] {"app.js", "i18n.js", "api.js", "dom.js", "pages.js", "portal.css", "icon.svg"}) {
            files.put(f, b("/* " + f + " */"));
        }
        files.put("messages/zh-CN.json", b("{\"_name\":\"中文\",\"_dir\":\"ltr\"}"));
        files.put("messages/ug.json", b("{\"_name\":\"ئۇيغۇرچە\",\"_dir\":\"rtl\"}"));
        PortalServlet servlet = new PortalServlet(new PortalAssets(files));
        assertThat(servlet.shell("ug")).contains("lang=\"ug\" dir=\"rtl\"").contains("&quot;name&quot;:&quot;ئۇيغۇرچە&quot;")
                .doesNotContain("<script>");
        assertThat(servlet.shell("zh-CN")).contains("dir=\"ltr\"");
    }
}
