package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import javax.imageio.ImageIO;
import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Operations on the real platform: a wrong value in a region's deployment overrides (through Config
 * Admin as the web console sets it, or a conf/ file) cannot take the region offline; a region that is
 * really out of service says so in health (DEGRADED) and answers 503; configurations made in the console
 * are written to conf/; problem details follow Accept-Language; simulated providers are listed in health
 * and serve only while conf/ allows them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OperationsIT {
    @Inject
    private BundleContext context;

    private Http http;
    private Path home;

    @Configuration
    public Option[] config() {
        return KaowuPlatform.options(Map.of("org.kaowu.limits.cfg", KaowuPlatform.UNLIMITED));
    }

    @Before
    public void ready() throws Exception {
        http = new Http(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        home = Path.of(context.getProperty(KaowuPlatform.HOME));
        RestRuntime.awaitReady(context, http);
        RestRuntime.await("three regions", () -> http.get("/api/v1/regions").json().size() == 3);
    }

    private ConfigurationAdmin configurationAdmin() {
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        return context.getService(ref);
    }

    private static Dictionary<String, Object> props(String key, Object value) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(key, value);
        return p;
    }

    private String log() {
        try {
            return Files.readString(home.resolve("logs/kaowu.log"), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private JsonNode health() {
        return http.get("/api/v1/health").json();
    }

    private static void assertProblem(Http.Answer a, int status, String code) {
        assertEquals(a.toString(), status, a.status());
        assertTrue(a.toString(), a.contentType().startsWith("application/problem+json"));
        assertEquals(a.toString(), code, a.json().path("code").asText());
    }

    /** Removes the configuration and its conf/ file (first the file, so that FileInstall does not read it again). */
    private void forget(String pid) throws Exception {
        Files.deleteIfExists(home.resolve("conf/" + pid + ".cfg"));
        org.osgi.service.cm.Configuration[] left = configurationAdmin().listConfigurations("(service.pid=" + pid + ")");
        if (left != null) {
            for (org.osgi.service.cm.Configuration c : left) {
                c.delete();
            }
        }
        Files.deleteIfExists(home.resolve("conf/" + pid + ".cfg"));
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst().orElse(null);
    }

    @Test
    public void aBadOverrideSetAsTheConsoleDoesIsRefusedAndTheRegionKeepsServing() throws Exception {
        String pid = "org.kaowu.region.hubei";
        // the console's form: the metatype of the PID checks each value against the region's data
        MetaTypeService metaType = context.getService(context.getServiceReference(MetaTypeService.class));
        ObjectClassDefinition form = metaType.getMetaTypeInformation(bundle("org.kaowu.regions.hubei")).getObjectClassDefinition(pid, null);
        AttributeDefinition fees = Arrays.stream(form.getAttributeDefinitions(ObjectClassDefinition.ALL))
                .filter(a -> a.getID().equals("fees")).findFirst().orElseThrow();
        assertTrue(fees.validate("per-course=abc"), fees.validate("per-course=abc").contains("fees"));
        assertEquals("", fees.validate("per-course=31.00"));

        org.osgi.service.cm.Configuration c = configurationAdmin().getConfiguration(pid, null);
        try {
            c.update(props("fees", new String[] {"per-course=31.00"}));
            RestRuntime.await("override applied", () -> http.get("/api/v1/regions/hubei").body().contains("\"amount\":31.0"));

            // saved anyway (Config Admin takes any value): refused, logged with the property, last good kept
            c.update(props("fees", new String[] {"per-course=abc"}));
            RestRuntime.await("refusal logged", () -> log().contains("Region hubei: configuration " + pid
                    + " refused, property fees value 'per-course=abc': the amount is not a number"));
            Http.Answer region = http.get("/api/v1/regions/hubei");
            assertEquals(region.toString(), 200, region.status());
            assertTrue("still on the last good configuration", region.body().contains("\"amount\":31.0"));
            assertEquals(201, http.postJson("/api/v1/regions/hubei/candidates", hubeiCandidate("李白", IdNumbers.next())).status());
            assertEquals("UP", health().path("status").asText());
        } finally {
            forget(pid);
        }
        RestRuntime.await("bundle data back", () -> http.get("/api/v1/regions/hubei").body().contains("\"amount\":35.0"));
    }

    @Test
    public void aBadOverrideInAConfFileIsRefusedAndTheRegionKeepsServing() throws Exception {
        Path cfg = home.resolve("conf/org.kaowu.region.chongqing.cfg");
        try {
            Files.writeString(cfg, "publicHolidays=2031-10-08\n");
            RestRuntime.await("override applied", () -> http.get("/api/v1/regions/chongqing").body().contains("2031-10-08"));
            Files.writeString(cfg, "publicHolidays=2031-10-08\nfees=per-course=abc\n");
            RestRuntime.await("refusal logged", () -> log().contains("Region chongqing: configuration org.kaowu.region.chongqing refused, "
                    + "property fees value 'per-course=abc'"));
            Http.Answer region = http.get("/api/v1/regions/chongqing");
            assertEquals(region.toString(), 200, region.status());
            assertTrue(region.body(), region.body().contains("2031-10-08"));
            assertEquals("UP", health().path("status").asText());
        } finally {
            Files.deleteIfExists(cfg);
        }
        RestRuntime.await("bundle data back", () -> !http.get("/api/v1/regions/chongqing").body().contains("2031-10-08"));
    }

    @Test
    public void aRegionThatNeverHadAGoodConfigurationIsOutOfServiceIn503AndHealthDegraded() throws Exception {
        Path cfg = home.resolve("conf/org.kaowu.region.lakeland.cfg");
        Files.writeString(cfg, "fees=per-course=abc\n");
        RestRuntime.await("configuration read", () -> {
            try {
                org.osgi.service.cm.Configuration[] found = configurationAdmin().listConfigurations("(service.pid=org.kaowu.region.lakeland)");
                return found != null && found.length == 1;
            } catch (Exception e) {
                return false;
            }
        });
        byte[] chongqing = Files.readAllBytes(KaowuPlatform.regionJar(home.resolve("deploy"), "chongqing"));
        Path jar = home.resolve("deploy").resolve("lakeland-1.0.0.jar");
        Path tmp = Files.createTempFile(home, "drop", ".tmp");
        Files.write(tmp, RegionJars.derive(chongqing, "lakeland", "org.example.lakeland", Map.<String, UnaryOperator<String>>of()));
        Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE);
        try {
            RestRuntime.await("health DEGRADED", () -> "DEGRADED".equals(health().path("status").asText()));
            JsonNode h = health();
            assertTrue(h.toString(), h.path("regionsOutOfService").path("lakeland").asText().contains("fees"));
            assertEquals("still 200: every other region serves", 200, http.get("/api/v1/health").status());

            Http.Answer a = http.get("/api/v1/regions/lakeland");
            assertProblem(a, 503, "REGION_OUT_OF_SERVICE");
            assertTrue(a.toString(), a.json().path("detail").asText().contains("lakeland") || a.json().path("detail").asText().contains("地区"));
            assertTrue(http.inLanguage("en").get("/api/v1/regions/lakeland").json().path("detail").asText().contains("lakeland"));
            assertProblem(http.postJson("/api/v1/regions/lakeland/candidates", hubeiCandidate("王维", IdNumbers.next())), 503,
                    "REGION_OUT_OF_SERVICE");
            assertProblem(http.get("/api/v1/regions/atlantis"), 404, "REGION_NOT_FOUND");
            assertEquals(201, http.postJson("/api/v1/regions/chongqing/candidates", hubeiCandidate("杜牧", IdNumbers.next())).status());

            // fixed in conf/: the region serves and health is UP again
            Files.writeString(cfg, "fees=per-course=33.00\n");
            RestRuntime.await("served", () -> http.get("/api/v1/regions/lakeland").status() == 200);
            assertTrue(http.get("/api/v1/regions/lakeland").body().contains("\"amount\":33.0"));
            RestRuntime.await("health UP", () -> "UP".equals(health().path("status").asText()));
        } finally {
            Files.deleteIfExists(jar);
            Files.deleteIfExists(cfg);
        }
        RestRuntime.await("lakeland gone", () -> http.get("/api/v1/regions/lakeland").status() == 404);
    }

    @Test
    public void aConfigurationMadeInTheConsoleIsWrittenToConfButNeverASecret() throws Exception {
        Path file = home.resolve("conf/org.kaowu.regions.cfg");
        assertFalse(Files.exists(file));
        org.osgi.service.cm.Configuration c = configurationAdmin().getConfiguration("org.kaowu.regions", null);
        try {
            c.update(props("updateGraceMillis", 2500L));
            RestRuntime.await("written to conf/", () -> Files.exists(file));
            assertTrue(Files.readString(file).contains("updateGraceMillis=2500"));
            // FileInstall takes the file over: the configuration now names it, and nothing is written again
            RestRuntime.await("taken over by FileInstall", () -> {
                try {
                    Dictionary<String, Object> p = configurationAdmin().getConfiguration("org.kaowu.regions", null).getProperties();
                    return p != null && p.get("felix.fileinstall.filename") != null;
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            forget("org.kaowu.regions");
        }

        Path smtp = home.resolve("conf/org.kaowu.plugins.smtp.cfg");
        org.osgi.service.cm.Configuration secret = configurationAdmin().getConfiguration("org.kaowu.plugins.smtp", null);
        try {
            Dictionary<String, Object> p = new Hashtable<>();
            p.put("host", "127.0.0.1");
            p.put("port", 2525);
            p.put("from", "noreply@zikao.example.cn");
            p.put("password", "Smtp-Secret-2026");
            secret.update(p);
            RestRuntime.await("refusal logged", () -> log().contains("Configuration org.kaowu.plugins.smtp holds a secret (password)"));
            assertFalse(Files.exists(smtp));
            assertFalse(log().contains("Smtp-Secret-2026"));
        } finally {
            secret.delete();
            Files.deleteIfExists(smtp);
        }
    }

    @Test
    public void problemDetailsFollowAcceptLanguageAndDefaultToChinese() {
        Http.Answer zh = http.get("/api/v1/regions/atlantis");
        assertProblem(zh, 404, "REGION_NOT_FOUND");
        assertEquals(zh.toString(), "地区不存在", zh.json().path("title").asText());
        assertTrue(zh.toString(), zh.json().path("detail").asText().contains("没有安装"));

        Http.Answer en = http.inLanguage("en").get("/api/v1/regions/atlantis");
        assertProblem(en, 404, "REGION_NOT_FOUND");
        assertEquals(en.toString(), "Region not found", en.json().path("title").asText());
        assertTrue(en.toString(), en.json().path("detail").asText().contains("No region atlantis is installed"));

        Http.Answer ug = http.inLanguage("ug-CN, zh;q=0.5").get("/api/v1/regions/atlantis");
        assertEquals(ug.toString(), "رايون تېپىلمىدى", ug.json().path("title").asText());
        assertEquals("REGION_NOT_FOUND", ug.json().path("code").asText());

        Http.Answer zhCn = http.inLanguage("zh-CN").postJson("/api/v1/regions/chongqing/candidates", Map.of("name", "x"));
        assertEquals(zhCn.toString(), 400, zhCn.status());
        assertFalse(zhCn.toString(), zhCn.json().path("title").asText().matches(".*[A-Za-z].*"));
        Http.Answer malformed = http.inLanguage("en").post("/api/v1/regions/chongqing/candidates", "application/json", "{");
        assertProblem(malformed, 400, "MALFORMED_JSON");
        assertEquals("Malformed JSON", malformed.json().path("title").asText());
    }

    @Test
    public void simulatedProvidersAreListedInHealthAndServeOnlyWhileConfAllowsThem() throws Exception {
        JsonNode simulated = health().path("simulated");
        java.util.List<String> listed = new java.util.ArrayList<>();
        simulated.forEach(p -> listed.add(p.path("bundle").asText() + " " + p.path("service").asText() + " " + p.path("serving").asBoolean()));
        assertTrue(listed.toString(), listed.containsAll(java.util.List.of("org.kaowu.plugins.identity-simulator IdentityVerifier true",
                "org.kaowu.plugins.identity-simulator PriorEducationVerifier true", "org.kaowu.plugins.notification-outbox NotificationChannel true")));
        assertTrue(log().contains("Simulated provider IdentityVerifier of org.kaowu.plugins.identity-simulator is serving"));
        // the console's Kaowu health page shows them in red
        RestRuntime.await("console health page", () -> http.get("/system/console/kaowu-health", "admin", KaowuPlatform.CONSOLE_PASSWORD).status() == 200);
        String page = http.get("/system/console/kaowu-health", "admin", KaowuPlatform.CONSOLE_PASSWORD).body();
        assertTrue(page, page.contains("<td class='content' colspan='2' style='color:#b00020;font-weight:bold'>"
                + "org.kaowu.plugins.identity-simulator: SIMULATED, SERVING (not for production)</td>"));

        String id = IdNumbers.next();
        String email = "hb" + id.substring(10, 17) + "@example.cn";
        Http.Answer created = http.postJson("/api/v1/regions/hubei/candidates", hubeiCandidate("张九龄", id, email));
        assertEquals(created.toString(), 201, created.status());
        Http.Answer session = http.postJson("/api/v1/regions/hubei/sessions", Map.of("login", email, "password", "Exam-Season-2026"));
        assertEquals(session.toString(), 201, session.status());
        String token = session.json().path("token").asText();
        String confirm = "/api/v1/regions/hubei/candidates/me/identity-confirmations";
        Map<String, Object> images = Map.of("idCardImage", jpeg(), "faceImage", jpeg(), "idPhoto", jpeg());

        org.osgi.service.cm.Configuration c = configurationAdmin().getConfiguration("org.kaowu.simulators", "?");
        try {
            c.update(props("allowed", "false"));
            RestRuntime.await("simulators not serving", () -> health().path("simulated").toString().contains("\"serving\":false")
                    && !health().path("simulated").toString().contains("\"serving\":true"));
            // the simulated identity check is not used: no identity check serves the region
            Http.Answer refused = http.inLanguage("en").bearer("POST", confirm, token, images);
            assertProblem(refused, 503, "UPSTREAM_UNAVAILABLE");
            assertTrue(refused.toString(), refused.json().path("detail").asText().contains("No identity check service serves this region"));
            JsonNode still = http.bearer("GET", "/api/v1/regions/hubei/candidates/me", token, null).json();
            assertEquals("PRE_REGISTERED", still.path("status").asText());
        } finally {
            c.update(props("allowed", "true"));
        }
        RestRuntime.await("simulators serving", () -> !health().path("simulated").toString().contains("\"serving\":false"));
        Http.Answer confirmed = http.bearer("POST", confirm, token, images);
        assertEquals(confirmed.toString(), 200, confirmed.status());
    }

    private static Map<String, Object> hubeiCandidate(String name, String idNumber) {
        return hubeiCandidate(name, idNumber, "hb" + idNumber.substring(10, 17) + "@example.cn");
    }

    private static Map<String, Object> hubeiCandidate(String name, String idNumber, String email) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("idType", "RESIDENT_ID");
        m.put("idNumber", idNumber);
        m.put("mobile", "139" + idNumber.substring(10, 17).replace('X', '0') + "0");
        m.put("password", "Exam-Season-2026");
        m.put("email", email);
        return m;
    }

    /** A plain JPEG that passes the simulated checks (no marker corner). */
    private static String jpeg() throws Exception {
        BufferedImage img = new BufferedImage(100, 140, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(60, 120, 220));
        g.fillRect(0, 0, 100, 140);
        g.setColor(Color.WHITE);
        g.fillOval(30, 30, 40, 50);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

}
