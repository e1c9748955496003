package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.kaowu.distribution.XinjiangCandidates.assertProblem;
import static org.kaowu.distribution.XinjiangCandidates.courses;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.kaowu.api.CandidateEnrollments;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Enrollment over HTTP on the real platform, driving Xinjiang's April 2019 window (20 Feb 12:00 to 26 Feb
 * 18:00, China time, locked 02:00 to 06:00) on the moved clock: closed before, open inside, locked at
 * night, closed after; then the strict sequence with each rule refused by its own code and a read after
 * every refusal showing nothing changed; one enrollment per sitting under parallel requests; no change
 * once payment started; the office statistics in scope, as JSON and CSV.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EnrollmentIT {
    private static final String ADMIN_PASSWORD = "Admin-Secret-2026";
    private static final String PASSWORD = "Exam-Season-2026";
    private static final String XJ = "/api/v1/regions/xinjiang";
    private static final String MINE = XJ + "/candidates/me/enrollments";
    /** 21 Feb 2019 12:00 in China: inside the window, outside the lock. */
    private static final String INSIDE = "2019-02-21T04:00:00Z";

    @Inject
    private BundleContext context;

    private Http http;
    private Path home;
    private XinjiangCandidates candidates;

    @Configuration
    public Option[] config() {
        return KaowuPlatform.options(Map.of("org.kaowu.staff.cfg", "adminUsername=platform-admin\nadminPassword=" + ADMIN_PASSWORD + "\n",
                "org.kaowu.limits.cfg", KaowuPlatform.UNLIMITED, "org.kaowu.clock.cfg", "movedTo=" + INSIDE + "\n"));
    }

    @Before
    public void ready() throws Exception {
        http = new Http(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        home = Path.of(context.getProperty(KaowuPlatform.HOME));
        candidates = new XinjiangCandidates(http, home, ADMIN_PASSWORD, PASSWORD);
        RestRuntime.awaitReady(context, http);
        RestRuntime.await("xinjiang", () -> http.get(XJ).status() == 200);
    }

    private void moveClock(String instant) throws Exception {
        KaowuPlatform.moveClock(context, instant);
    }

    /** A refused change: its code, and the enrollment read afterwards exactly as before. */
    private void refused(String self, String path, String method, Object body, int status, String code) {
        JsonNode before = http.bearer("GET", path.replaceAll("/(majors|courses|exam-area|payment-method)$", ""), self, null).json();
        assertProblem(http.bearer(method, path, self, body), status, code);
        JsonNode after = http.bearer("GET", path.replaceAll("/(majors|courses|exam-area|payment-method)$", ""), self, null).json();
        assertEquals("nothing changed after " + code, before, after);
    }

    @Test
    public void theSittingShowsItsWindowAndTimetable() {
        JsonNode april = http.get(XJ + "/sittings/2019-04").json();
        assertEquals("2019-04", april.path("code").asText());
        assertEquals("2019-02-20T12:00", april.path("enrollment").path(0).path("opens").asText());
        assertEquals("2019-02-26T18:00", april.path("enrollment").path(0).path("closes").asText());
        assertEquals(4, april.path("sessions").size());
        JsonNode first = april.path("sessions").path(0);
        assertEquals("2019-04-13-am", first.path("id").asText());
        assertEquals("09:00", first.path("starts").asText());
        assertEquals("11:30", first.path("ends").asText());
        assertEquals("03708", first.path("courses").path(0).asText());
        assertTrue(april.path("sample").asBoolean());
        assertProblem(http.get(XJ + "/sittings/2031-04"), 404, "SITTING_NOT_FOUND");
    }

    @Test
    public void theXinjiangAprilWindowAndEveryRuleOnTheMovedClock() throws Exception {
        moveClock(INSIDE);
        String self = candidates.candidate("阿依古丽", "binding");

        // the window, in China time, on the moved clock
        moveClock("2019-02-20T03:59:00Z");
        assertProblem(http.bearer("POST", MINE, self, Map.of("sitting", "2019-04")), 409, "ENROLLMENT_CLOSED");
        moveClock("2019-02-21T19:00:00Z");
        Http.Answer locked = http.bearer("POST", MINE, self, Map.of("sitting", "2019-04"));
        assertProblem(locked, 503, "DAILY_LOCK");
        assertTrue("Retry-After runs to 06:00: " + locked.retryAfter(), locked.retryAfter() > 10_000 && locked.retryAfter() <= 10_800);
        moveClock("2019-02-26T10:00:00Z");
        assertProblem(http.bearer("POST", MINE, self, Map.of("sitting", "2019-04")), 409, "ENROLLMENT_CLOSED");
        assertEquals(0, http.bearer("GET", MINE, self, null).json().size());
        assertProblem(http.bearer("POST", MINE, self, Map.of("sitting", "2031-04")), 404, "SITTING_NOT_FOUND");

        // open: of parallel starts, one enrollment per sitting
        moveClock("2019-02-20T04:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Callable<Http.Answer> call = () -> {
                start.await();
                return http.bearer("POST", MINE, self, Map.of("sitting", "2019-04"));
            };
            answers.add(pool.submit(call));
        }
        start.countDown();
        String location = null;
        int conflicts = 0;
        for (Future<Http.Answer> f : answers) {
            Http.Answer a = f.get();
            if (a.status() == 201) {
                assertTrue("one created", location == null);
                location = a.location();
                assertEquals("DRAFT", a.json().path("status").asText());
                assertEquals("MAJORS", a.json().path("next").asText());
                assertEquals("2019-04", a.json().path("sitting").asText());
            } else {
                assertProblem(a, 409, "ALREADY_ENROLLED");
                conflicts++;
            }
        }
        pool.shutdownNow();
        assertEquals(7, conflicts);
        assertProblem(http.bearer("POST", MINE, self, Map.of("sitting", "2019-04")), 409, "ALREADY_ENROLLED");
        String id = location.substring(location.lastIndexOf('/') + 1);
        String one = MINE + "/" + id;
        assertEquals(1, http.bearer("GET", MINE, self, null).json().size());

        // the strict sequence
        refused(self, one + "/courses", "PUT", Map.of("courses", courses("120202", "03708")), 409, "WRONG_STEP");
        refused(self, one + "/exam-area", "PUT", Map.of("examArea", "6501"), 409, "WRONG_STEP");
        refused(self, one + "/majors", "PUT", Map.of("majors", List.of("999999")), 422, "UNKNOWN_MAJOR");
        JsonNode majors = http.bearer("PUT", one + "/majors", self, Map.of("majors", List.of("120202"))).json();
        assertEquals(majors.toString(), "COURSES", majors.path("next").asText());

        refused(self, one + "/courses", "PUT", Map.of("courses", courses("120202", "03708", "03709", "00015", "00054", "00041")), 422,
                "TOO_MANY_COURSES");
        refused(self, one + "/courses", "PUT", Map.of("courses", courses("120202", "03708", "00041")), 422, "SESSION_CONFLICT");
        refused(self, one + "/courses", "PUT", Map.of("courses", courses("120202", "03708", "00067")), 422, "COURSE_NOT_IN_MAJOR");
        refused(self, one + "/courses", "PUT", Map.of("courses", courses("120202", "03708", "06999")), 422, "COURSE_NOT_EXAMINED");
        JsonNode chosen = http.bearer("PUT", one + "/courses", self, Map.of("courses", courses("120202", "03708", "03709", "00015", "00054")))
                .json();
        assertEquals(chosen.toString(), "EXAM_AREA", chosen.path("next").asText());
        assertEquals("2019-04-13-am", chosen.path("lines").path(0).path("session").asText());
        assertEquals("2019-04-14-pm", chosen.path("lines").path(3).path("session").asText());

        // the daily lock holds for every step, with nothing changed
        moveClock("2019-02-21T19:00:00Z");
        refused(self, one + "/exam-area", "PUT", Map.of("examArea", "6501"), 503, "DAILY_LOCK");
        moveClock(INSIDE);
        refused(self, one + "/exam-area", "PUT", Map.of("examArea", "9999"), 422, "UNKNOWN_EXAM_AREA");
        assertEquals("PAYMENT_METHOD", http.bearer("PUT", one + "/exam-area", self, Map.of("examArea", "6501")).json().path("next").asText());
        refused(self, one + "/payment-method", "PUT", Map.of("method", "CASH"), 400, "VALIDATION_FAILED");
        JsonNode method = http.bearer("PUT", one + "/payment-method", self, Map.of("method", "ONLINE")).json();
        assertEquals("PAY", method.path("next").asText());
        assertEquals("ONLINE", method.path("paymentMethod").asText());

        // "pay" pressed (the payment step calls lockForPayment): from now on nothing changes
        CandidateEnrollments service = context.getService(context.getServiceReference(CandidateEnrollments.class));
        var lockedForPayment = service.lockForPayment("xinjiang", UUID.fromString(id));
        assertEquals("AWAITING_PAYMENT", lockedForPayment.status().name());
        assertEquals("120.00", lockedForPayment.price().orElseThrow().value().toPlainString());
        JsonNode awaiting = http.bearer("GET", one, self, null).json();
        assertEquals("AWAITING_PAYMENT", awaiting.path("status").asText());
        assertEquals("120.00", awaiting.path("amount").path("value").asText());
        assertEquals("CNY", awaiting.path("amount").path("currency").asText());
        assertTrue(awaiting.toString(), awaiting.path("pricedBy").asText().startsWith("org.kaowu.regions.xinjiang "));
        refused(self, one + "/majors", "PUT", Map.of("majors", List.of("120202")), 409, "ENROLLMENT_LOCKED");
        refused(self, one + "/courses", "PUT", Map.of("courses", courses("120202", "03708")), 409, "ENROLLMENT_LOCKED");
        refused(self, one + "/payment-method", "PUT", Map.of("method", "GROUP"), 409, "ENROLLMENT_LOCKED");
        assertEquals("asking again answers the same, priced once", awaiting,
                http.bearer("GET", one, self, null).json());

        // office statistics: the province sees it, another county does not; CSV with a BOM
        String province = http.staff(ADMIN_PASSWORD, "xj-enroll-province", "PROVINCE_OFFICE", "xinjiang", "650000");
        String saybag = http.staff(ADMIN_PASSWORD, "xj-enroll-saybag", "COUNTY_OFFICE", "xinjiang", "650103");
        JsonNode stats = http.bearer("GET", XJ + "/office/enrollment-statistics?sitting=2019-04", province, null).json();
        assertEquals(stats.toString(), 4, stats.path("rows").size());
        assertEquals("6501", stats.path("rows").path(0).path("examArea").asText());
        assertEquals(1, stats.path("rows").path(0).path("candidates").asInt());
        assertEquals(0, http.bearer("GET", XJ + "/office/enrollment-statistics?sitting=2019-04", saybag, null).json().path("rows").size());
        HttpResponse<byte[]> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + context.getProperty("org.osgi.service.http.port") + XJ + "/office/enrollment-statistics?sitting=2019-04"))
                .header("Authorization", "Bearer " + province).header("Accept", "text/csv").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        byte[] bytes = csv.body();
        assertTrue("UTF-8 BOM", bytes.length > 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text, text.contains("考区") && text.contains("6501,03708,1,1,0,0.00"));
    }

    @Test
    public void theRegionsFlowComesFirstAndCommissionedMajorsAreGroupOnly() throws Exception {
        moveClock(INSIDE);
        String approved = candidates.candidate("买买提", "approval");
        assertProblem(http.bearer("POST", MINE, approved, Map.of("sitting", "2019-04")), 409, "IDENTITY_NOT_CONFIRMED");
        String confirmed = candidates.candidate("古丽娜", "confirmation");
        assertProblem(http.bearer("POST", MINE, confirmed, Map.of("sitting", "2019-04")), 409, "MOBILE_NOT_BOUND");
        assertEquals(0, http.bearer("GET", MINE, confirmed, null).json().size());

        String self = candidates.candidate("热依拉", "binding");
        Http.Answer created = http.bearer("POST", MINE, self, Map.of("sitting", "2019-04"));
        assertEquals(created.toString(), 201, created.status());
        String one = MINE + "/" + created.json().path("id").asText();
        assertEquals(200, http.bearer("PUT", one + "/majors", self, Map.of("majors", List.of("120206"))).status());
        assertEquals(200, http.bearer("PUT", one + "/courses", self, Map.of("courses", courses("120206", "03708", "00054"))).status());
        assertEquals(200, http.bearer("PUT", one + "/exam-area", self, Map.of("examArea", "6501")).status());
        refused(self, one + "/payment-method", "PUT", Map.of("method", "ONLINE"), 422, "GROUP_ONLY");
        assertFalse(http.bearer("GET", one, self, null).json().path("next").asText().equals("PAY"));
        // another candidate's enrollment is not found
        assertProblem(http.bearer("GET", one, approved, null), 404, "ENROLLMENT_NOT_FOUND");
    }

    @Test
    public void windowsLocksAndFeesFollowTheRegionsOverridesAtOnce() throws Exception {
        moveClock(INSIDE);
        String self = candidates.candidate("迪丽达尔", "binding");
        // 27 Feb 03:00 China time: after the bundle's window and inside its nightly lock
        moveClock("2019-02-26T19:00:00Z");
        assertProblem(http.bearer("POST", MINE, self, Map.of("sitting", "2019-04")), 409, "ENROLLMENT_CLOSED");
        java.nio.file.Path cfg = home.resolve("conf/org.kaowu.region.xinjiang.cfg");
        try {
            java.nio.file.Files.writeString(cfg, "enrollmentWindows=2019-04=2019-02-20T12:00/2019-02-28T18:00\ndailyLocks=23:00-23:30\n"
                    + "fees=per-course=43.00\n");
            RestRuntime.await("override applied", () -> http.get(XJ + "/sittings/2019-04").json().path("enrollment").path(0).path("closes")
                    .asText().equals("2019-02-28T18:00") && http.get(XJ).body().contains("43.0"));
            Http.Answer created = http.bearer("POST", MINE, self, Map.of("sitting", "2019-04"));
            assertEquals(created.toString(), 201, created.status());
            String id = created.json().path("id").asText();
            String one = MINE + "/" + id;
            assertEquals(200, http.bearer("PUT", one + "/majors", self, Map.of("majors", List.of("120202"))).status());
            assertEquals(200, http.bearer("PUT", one + "/courses", self, Map.of("courses", courses("120202", "03708", "03709"))).status());
            assertEquals(200, http.bearer("PUT", one + "/exam-area", self, Map.of("examArea", "6502")).status());
            assertEquals(200, http.bearer("PUT", one + "/payment-method", self, Map.of("method", "ONLINE")).status());
            CandidateEnrollments service = context.getService(context.getServiceReference(CandidateEnrollments.class));
            assertEquals("86.00", service.price("xinjiang", UUID.fromString(id)).value().toPlainString());
            assertEquals("86.00", service.lockForPayment("xinjiang", UUID.fromString(id)).price().orElseThrow().value().toPlainString());
        } finally {
            java.nio.file.Files.deleteIfExists(cfg);
        }
        RestRuntime.await("bundle data back", () -> http.get(XJ + "/sittings/2019-04").json().path("enrollment").path(0).path("closes")
                .asText().equals("2019-02-26T18:00"));
        moveClock("2019-02-27T04:00:00Z");
        Http.Answer other = http.bearer("POST", MINE, candidates.candidate("努尔", "binding"), Map.of("sitting", "2019-04"));
        assertProblem(other, 409, "ENROLLMENT_CLOSED");
    }
}
