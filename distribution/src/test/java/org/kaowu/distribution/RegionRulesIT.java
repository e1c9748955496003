package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The three regions' rules over REST on the real platform, with the platform clock moved (PID
 * org.kaowu.clock) to the instants that matter: enrollment windows open and closed, the nightly lock,
 * deadlines counted in working days across a holiday. Also: a region bundle dropped into deploy/ is
 * served within 2 s and gone when deleted; broken region data is refused with file and line while every
 * other region keeps serving; deployment overrides through conf/.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RegionRulesIT {
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

    @After
    public void realTime() throws Exception {
        configurationAdmin().getConfiguration("org.kaowu.clock", null).delete();
    }

    private ConfigurationAdmin configurationAdmin() {
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        return context.getService(ref);
    }

    /** Moves the platform clock to {@code instant} and waits until the region reports that time. */
    private void moveClockTo(String instant, String regionLocalPrefix) throws Exception {
        KaowuPlatform.moveClock(context, instant);
        RestRuntime.await("clock at " + instant, () -> now("xinjiang").path("at").asText().startsWith(regionLocalPrefix));
    }

    private JsonNode region(String code) {
        Http.Answer a = http.get("/api/v1/regions/" + code);
        assertEquals(a.toString(), 200, a.status());
        return a.json();
    }

    private JsonNode now(String code) {
        return region(code).path("calendar").path("now");
    }

    private static Map<String, Object> candidate(String name, String email) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("idType", "RESIDENT_ID");
        m.put("idNumber", IdNumbers.next());
        m.put("mobile", "13900000000");
        m.put("password", "Exam-Season-2019");
        if (email != null) {
            m.put("email", email);
        }
        return m;
    }

    @Test
    public void xinjiangEnrollmentWindowsFollowTheMovedClock() throws Exception {
        moveClockTo("2019-02-20T03:59:00Z", "2019-02-20T11:59");
        assertTrue(now("xinjiang").path("enrollmentOpen").isNull());
        assertEquals("2019-02-20T12:00", now("xinjiang").path("nextEnrollment").path("opens").asText());

        moveClockTo("2019-02-20T04:00:00Z", "2019-02-20T12:00");
        JsonNode open = now("xinjiang").path("enrollmentOpen");
        assertEquals("2019-04", open.path("sitting").asText());
        assertEquals("2019-02-26T18:00", open.path("closes").asText());

        moveClockTo("2019-02-26T10:00:00Z", "2019-02-26T18:00");
        assertTrue(now("xinjiang").path("enrollmentOpen").isNull());
        assertEquals("2019-10", now("xinjiang").path("nextEnrollment").path("sitting").asText());
        assertEquals("2019-08-20T12:00", now("xinjiang").path("nextEnrollment").path("opens").asText());

        moveClockTo("2022-08-12T09:59:00Z", "2022-08-12T17:59");
        assertEquals("2022-10", now("xinjiang").path("enrollmentOpen").path("sitting").asText());
    }

    @Test
    public void theNightlyLockRefusesXinjiangRegistrationsAndNobodyElses() throws Exception {
        moveClockTo("2019-02-21T19:30:00Z", "2019-02-22T03:30");
        JsonNode now = now("xinjiang");
        assertTrue(now.path("locked").asBoolean());
        assertEquals("2019-02-22T06:00", now.path("lockedUntil").asText());

        Http.Answer locked = http.postJson("/api/v1/regions/xinjiang/candidates", candidate("阿依古丽", null));
        assertEquals(locked.toString(), 503, locked.status());
        assertEquals("REGION_LOCKED", locked.json().path("code").asText());
        assertEquals("9000", locked.retryAfterHeader());

        Http.Answer chongqing = http.postJson("/api/v1/regions/chongqing/candidates", candidate("李白", null));
        assertEquals(chongqing.toString(), 201, chongqing.status());
        assertFalse(now("chongqing").path("locked").asBoolean());

        moveClockTo("2019-02-21T22:00:00Z", "2019-02-22T06:00");
        Http.Answer after = http.postJson("/api/v1/regions/xinjiang/candidates", candidate("阿依古丽", null));
        assertEquals(after.toString(), 201, after.status());
        assertEquals("a Xinjiang registration counts after office approval", "PENDING_REVIEW", after.json().path("status").asText());
        assertTrue("the ticket comes at on-site confirmation", after.json().path("ticketNumber").isNull());
    }

    @Test
    public void chongqingDeadlinesAreCountedInWorkingDaysAcrossLabourDay() {
        JsonNode april = region("chongqing").path("calendar").path("sittings").get(0);
        assertEquals("2026-04", april.path("code").asText());
        assertEquals("2026-04-30", april.path("scorePublication").asText());
        // 30 April, then 1-5 May holiday, 6-8 May, Saturday 9 May a make-up working day
        assertEquals("2026-05-09", april.path("recheckCloses").asText());
        assertEquals("2026-05-22", april.path("passCertificateCloses").asText());
        assertEquals("2026-06-05", april.path("passCertificateCollection").asText());
        JsonNode workingDays = region("chongqing").path("calendar").path("workingDays");
        assertTrue(workingDays.path("holidays").toString().contains("2026-05-05"));
        assertTrue(workingDays.path("makeUpWorkingDays").toString().contains("2026-05-09"));
    }

    @Test
    public void eachRegionShowsItsOwnRules() {
        JsonNode xj = region("xinjiang");
        assertEquals("on-site-confirmation", xj.path("registration").path("ticketIssuedAfter").asText());
        assertEquals(List.of("zh", "ug"), codes(xj.path("examLanguages"), "code"));
        assertEquals("02:00", xj.path("calendar").path("dailyLocks").get(0).path("from").asText());
        assertEquals("06:00", xj.path("calendar").path("dailyLocks").get(0).path("to").asText());
        JsonNode session = xj.path("calendar").path("sittings").get(0).path("sessions");
        assertEquals("09:00", session.get(0).path("starts").asText());
        assertEquals("11:30", session.get(0).path("ends").asText());
        assertEquals("14:30", session.get(1).path("starts").asText());
        assertEquals("17:00", session.get(1).path("ends").asText());
        assertEquals(List.of("ON_SITE"), codes(xj.path("identityConfirmation"), "kind"));

        JsonNode cq = region("chongqing");
        assertEquals("register", cq.path("registration").path("ticketIssuedAfter").asText());
        assertEquals(List.of("SECURITY_QUESTION", "EMAIL_LINK"), texts(cq.path("passwordRecovery").path("channels")));
        assertEquals(List.of("TICKET_NUMBER", "ID_NUMBER"), texts(cq.path("passwordRecovery").path("identifyBy")));
        assertFalse(cq.path("scoreValidity").path("expires").asBoolean());
        assertEquals(12, cq.path("ticketNumber").path("length").asInt());

        JsonNode hb = region("hubei");
        assertEquals(List.of("EMAIL", "MOBILE"), texts(hb.path("registration").path("loginIdentifiers")));
        assertEquals(List.of("ONLINE", "ON_SITE", "ASSISTANCE_UNIT"), codes(hb.path("identityConfirmation"), "kind"));
        assertEquals("identity-confirmation", hb.path("registration").path("ticketIssuedAfter").asText());
        assertTrue(hb.path("emailRequired").asBoolean());

        for (JsonNode r : List.of(xj, cq, hb)) {
            assertTrue("sample catalogue marked", r.path("catalogue").path("sample").asBoolean());
            assertTrue(codes(r.path("catalogue").path("courses"), "code").contains("03708"));
            assertTrue("sample fees marked", r.path("fees").path("sample").asBoolean());
            assertEquals(1, r.path("photo").path("formats").size());
            assertEquals(10240, r.path("photo").path("maxBytes").asInt());
        }
    }

    @Test
    public void hubeiCandidatesArePreRegisteredWithAnEmailAndWithoutTicket() {
        Http.Answer noEmail = http.postJson("/api/v1/regions/hubei/candidates", candidate("张三", null));
        assertEquals(noEmail.toString(), 400, noEmail.status());
        assertEquals("email", noEmail.json().path("field").asText());
        Http.Answer created = http.postJson("/api/v1/regions/hubei/candidates", candidate("张三", "zhangsan@example.cn"));
        assertEquals(created.toString(), 201, created.status());
        assertEquals("PRE_REGISTERED", created.json().path("status").asText());
        assertTrue(created.json().path("ticketNumber").isNull());
    }

    @Test
    public void aRegionDroppedIntoDeployIsServedWithinTwoSecondsAndGoesWhenDeleted() throws Exception {
        byte[] chongqing = Files.readAllBytes(KaowuPlatform.regionJar(home.resolve("deploy"), "chongqing"));
        Path jar = home.resolve("deploy").resolve("testland-1.0.0.jar");
        drop(RegionJars.derive(chongqing, "testland", "org.example.testland", Map.of()), jar);
        long t0 = System.nanoTime();
        RestRuntime.await("testland listed", () -> http.get("/api/v1/regions").body().contains("\"testland\""));
        long servedMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("org.example.testland", region("testland").path("bundle").asText());

        Files.delete(jar);
        long t1 = System.nanoTime();
        RestRuntime.await("testland gone", () -> http.get("/api/v1/regions/testland").status() == 404);
        long goneMs = (System.nanoTime() - t1) / 1_000_000;
        System.out.printf("hot deploy: region served %d ms after its file was dropped into deploy/, gone %d ms after deletion%n",
                servedMs, goneMs);
        assertTrue("served within 2 s, took " + servedMs + " ms", servedMs <= 2000);
        assertTrue("gone within 2 s of deletion, took " + goneMs + " ms", goneMs <= 2000);
        assertEquals(3, http.get("/api/v1/regions").json().size());
    }

    @Test
    public void brokenRegionDataIsRefusedWithFileAndLineAndOthersKeepServing() throws Exception {
        byte[] chongqing = Files.readAllBytes(KaowuPlatform.regionJar(home.resolve("deploy"), "chongqing"));
        UnaryOperator<String> closesFirst = text -> text.replace("\"closes\": \"2026-03-06T17:00\"", "\"closes\": \"2026-02-27T17:00\"");
        Path jar = home.resolve("deploy").resolve("brokenland-1.0.0.jar");
        drop(RegionJars.derive(chongqing, "brokenland", "org.example.brokenland", Map.of("kaowu-region/calendar.json", closesFirst)), jar);
        try {
            Path log = home.resolve("logs/kaowu.log");
            String[] line = new String[1];
            RestRuntime.await("refusal logged", () -> (line[0] = refusal(log, "brokenland")) != null);
            assertTrue(line[0], line[0].contains("ERROR"));
            // line 13 closes the offending window object, right under its "closes" on line 12
            assertTrue(line[0], line[0].contains("org.example.brokenland 1.0.0 refused: kaowu-region/calendar.json line 13"));
            assertTrue(line[0], line[0].contains("(sittings[0].enrollment[0]): enrollment window closes (2026-02-27T17:00) before it opens"));
            assertEquals(404, http.get("/api/v1/regions/brokenland").status());
            assertEquals(3, http.get("/api/v1/regions").json().size());
            assertEquals(201, http.postJson("/api/v1/regions/chongqing/candidates", candidate("杜甫", null)).status());
        } finally {
            Files.delete(jar);
        }
    }

    @Test
    public void aDeploymentOverridesFeesThroughConfAndABadValueIsRefused() throws Exception {
        Path cfg = home.resolve("conf/org.kaowu.region.hubei.cfg");
        try {
            Files.writeString(cfg, "fees=per-course=36.50\n");
            RestRuntime.await("override applied", () -> http.get("/api/v1/regions/hubei").body().contains("36.5"));

            Files.writeString(cfg, "fees=per-course=36.505\n");
            Path log = home.resolve("logs/kaowu.log");
            RestRuntime.await("refusal logged", () -> {
                try {
                    return Files.readString(log, StandardCharsets.UTF_8).contains("Region hubei: configuration org.kaowu.region.hubei refused, "
                            + "property fees: fee per-course amount 36.505");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            // the region keeps serving on its last good configuration
            Http.Answer still = http.get("/api/v1/regions/hubei");
            assertEquals(still.toString(), 200, still.status());
            assertTrue(still.body(), still.body().contains("\"amount\":36.5"));
        } finally {
            Files.deleteIfExists(cfg);
        }
        RestRuntime.await("bundle data back", () -> {
            Http.Answer a = http.get("/api/v1/regions/hubei");
            return a.status() == 200 && a.body().contains("\"amount\":35.0");
        });
    }

    private static void drop(byte[] jar, Path target) throws Exception {
        Path tmp = Files.createTempFile(target.getParent().getParent(), "drop", ".tmp");
        Files.write(tmp, jar);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String refusal(Path log, String region) {
        try {
            String last = null;
            for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (l.contains("Region " + region + " from ") && l.contains("refused")) {
                    last = l;
                }
            }
            return last;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static List<String> codes(JsonNode array, String field) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(n.path(field).asText()));
        return result;
    }

    private static List<String> texts(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(n.asText()));
        return result;
    }
}
