package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.kaowu.distribution.XinjiangCandidates.assertProblem;
import static org.kaowu.distribution.XinjiangCandidates.courses;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.kaowu.spi.PaymentGateway;
import org.kaowu.store.ExamOperationsStore;
import org.kaowu.store.ScoreStore;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Chongqing sitting (April 2026) from enrollment to re-check over real HTTP against the real platform,
 * on the moved clock (issue 14's whole chain): two candidates enroll and pay on the payment simulator; the
 * province office imports the exam rooms (a file with errors refused whole first), allocates the seats
 * (the same seed, the same seats) and publishes them; the admission notice is refused before the
 * region's notice date and then produced with seats and a verification code, which the public endpoint
 * checks without login; after the exams the
 * province office imports the marking centre's scores (a file with errors refused whole, every line
 * named, nothing stored; then a good one, and a second file of one course replacing it before
 * publication); the lookup is refused before the publication date and answers on it (one identical 404
 * for every mismatch, rate limited); a re-check is accepted on the fifth working day (Saturday 9 May, a
 * make-up working day, after the Labour Day holiday of 1-5 May) and refused on the sixth (Monday 11 May);
 * the county office corrects the score, which every reader then sees, and the candidate gets an SMS.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExamSittingIT {
    private static final String ADMIN_PASSWORD = "Admin-Secret-2026";
    private static final String PASSWORD = "Exam-Season-2026";
    private static final String CQ = "/api/v1/regions/chongqing";
    private static final String ENROLLMENTS = CQ + "/candidates/me/enrollments";
    /** Monday 2 March 2026, 10:00 in Chongqing: inside the April 2026 window. */
    private static final String ENROLLING = "2026-03-02T02:00:00Z";
    private static final String AREA = "500103";
    /** Tuesday 31 March 2026, 23:00 in Chongqing: the day before Chongqing's notices of April 2026 open. */
    private static final String NOTICES_NOT_YET = "2026-03-31T15:00:00Z";
    /** Wednesday 1 April 2026, 00:30 in Chongqing: the notices' day. */
    private static final String NOTICES_OPEN = "2026-03-31T16:30:00Z";
    /** Monday 20 April 2026: after the exams (11-12 April), before the publication (30 April). */
    private static final String MARKED = "2026-04-20T02:00:00Z";
    /** Thursday 30 April 2026, 10:00: the publication date, the first of the five re-check working days. */
    private static final String PUBLISHED = "2026-04-30T02:00:00Z";
    /** Saturday 9 May 2026: a make-up working day, the fifth working day (1-5 May are the Labour Day holiday). */
    private static final String FIFTH_WORKING_DAY = "2026-05-09T02:00:00Z";
    /** Monday 11 May 2026: the sixth working day. */
    private static final String SIXTH_WORKING_DAY = "2026-05-11T02:00:00Z";

    @Inject
    private BundleContext context;

    private Http http;
    private Path home;
    private int port;
    private final HttpClient client = HttpClient.newHttpClient();

    @Configuration
    public Option[] config() {
        return KaowuPlatform.options(Map.of("org.kaowu.staff.cfg", "adminUsername=platform-admin\nadminPassword=" + ADMIN_PASSWORD + "\n",
                // lookups: 8 per ID number (as the ticket-number lookup's budget), everything else out of the way
                "org.kaowu.limits.cfg", KaowuPlatform.limits(100_000, 8), "org.kaowu.clock.cfg", "movedTo=" + ENROLLING + "\n",
                "org.kaowu.plugins.paymentsim.cfg", "callbackDelayMillis=50\ncallbackDelaySpreadMillis=0\n"
                        + "duplicateProbability=0\noutOfOrderProbability=0\ndropProbability=0\nseed=7\nretryDelayMillis=200\n"));
    }

    @Before
    public void ready() throws Exception {
        port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        http = new Http(port);
        home = Path.of(context.getProperty(KaowuPlatform.HOME));
        RestRuntime.awaitReady(context, http);
        RestRuntime.await("chongqing", () -> http.get(CQ).status() == 200);
        RestRuntime.await("the payment simulator", () -> context.getServiceReference(PaymentGateway.class) != null);
    }

    /** A Chongqing candidate of the Yuzhong county office: {token, ticket number, ID number, mobile, candidate id}. */
    private String[] candidate(String name) {
        String id = IdNumbers.next();
        String mobile = "139" + String.format("%08d", Math.floorMod(id.hashCode(), 100_000_000));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("idType", "RESIDENT_ID");
        body.put("idNumber", id);
        body.put("mobile", mobile);
        body.put("password", PASSWORD);
        body.put("office", "500103");
        Http.Answer created = http.postJson(CQ + "/candidates", body);
        assertEquals(created.toString(), 201, created.status());
        String ticket = created.json().path("ticketNumber").asText();
        assertEquals(12, ticket.length());
        Http.Answer login = http.postJson(CQ + "/sessions", Map.of("login", id, "password", PASSWORD));
        assertEquals(login.toString(), 201, login.status());
        return new String[] {login.json().path("token").asText(), ticket, id, mobile, created.json().path("id").asText()};
    }

    /** Enrolls in April 2026 for these courses of major 080901 and pays on the simulator's page; waits until PAID. */
    private void enrollAndPay(String self, String... codes) throws Exception {
        Http.Answer created = http.bearer("POST", ENROLLMENTS, self, Map.of("sitting", "2026-04"));
        assertEquals(created.toString(), 201, created.status());
        String one = ENROLLMENTS + "/" + created.json().path("id").asText();
        assertEquals("COURSES", http.bearer("PUT", one + "/majors", self, Map.of("majors", List.of("080901"))).json().path("next").asText());
        Http.Answer chosen = http.bearer("PUT", one + "/courses", self, Map.of("courses", courses("080901", codes)));
        assertEquals(chosen.toString(), "EXAM_AREA", chosen.json().path("next").asText());
        assertEquals("PAYMENT_METHOD", http.bearer("PUT", one + "/exam-area", self, Map.of("examArea", AREA)).json().path("next").asText());
        assertEquals("PAY", http.bearer("PUT", one + "/payment-method", self, Map.of("method", "ONLINE")).json().path("next").asText());
        Http.Answer order = http.bearer("POST", one + "/payments", self, Map.of());
        assertEquals(order.toString(), 201, order.status());
        Http.Answer paid = http.post(order.json().path("payUrl").asText(), "application/x-www-form-urlencoded", "action=pay");
        assertEquals(paid.toString(), 200, paid.status());
        RestRuntime.await("enrollment paid", () -> "PAID".equals(http.bearer("GET", one, self, null).json().path("status").asText()));
    }

    private Http.Answer importScores(String province, String csv) {
        return http.bearerPost(CQ + "/office/scores/2026-04", province, "text/csv", csv.getBytes(StandardCharsets.UTF_8));
    }

    private Http.Answer lookup(String ticket, String id) {
        return http.postJson(CQ + "/score-lookups", Map.of("ticketNumber", ticket, "idNumber", id));
    }

    private ExamOperationsStore exams() {
        return context.getService(context.getServiceReference(ExamOperationsStore.class));
    }

    /** Every seat of the sitting in the exam area: session, enrollment, site, room and seat. */
    private Set<String> seats() {
        Set<String> out = new HashSet<>();
        exams().seats("chongqing", "2026-04", AREA).forEach(x -> out.add(x.session() + " " + x.enrollment() + " " + x.site() + "/" + x.room() + "/" + x.seat()));
        return out;
    }

    private HttpResponse<byte[]> notice(String self) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + CQ + "/candidates/me/sittings/2026-04/admission-notice.pdf"))
                .header("Authorization", "Bearer " + self).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private ScoreStore scores() {
        return context.getService(context.getServiceReference(ScoreStore.class));
    }

    /** The score of {@code course} in a lookup answer. */
    private static JsonNode scoreOf(JsonNode answer, String course) {
        for (JsonNode s : answer.path("scores")) {
            if (s.path("course").asText().equals(course)) {
                return s;
            }
        }
        throw new AssertionError("no " + course + " in " + answer);
    }

    @Test
    public void aChongqingSittingFromPaidEnrollmentsThroughSeatsNoticesAndScoresToACorrectedScore() throws Exception {
        // ---- enrollments paid (2 March) ----
        String[] li = candidate("李白");
        String[] du = candidate("杜甫");
        enrollAndPay(li[0], "03708", "03709", "02332");
        enrollAndPay(du[0], "03708");
        String province = http.staff(ADMIN_PASSWORD, "cq-province", "PROVINCE_OFFICE", "chongqing", "500000");
        String county = http.staff(ADMIN_PASSWORD, "cq-yuzhong", "COUNTY_OFFICE", "chongqing", "500103");

        // ---- rooms imported (a file with errors refused whole first) ----
        String rooms = CQ + "/office/exam-rooms";
        Http.Answer badRooms = http.bearerPost(rooms, province, "text/csv", ("examArea,site,siteName,room,capacity,accessibleSeats\n"
                + AREA + ",S01,重庆市第一中学,101,4,0\n999999,S01,重庆市第一中学,102,4,0\n" + AREA + ",S01,重庆市第一中学,103,0,0\n")
                .getBytes(StandardCharsets.UTF_8));
        assertProblem(badRooms, 422, "IMPORT_REFUSED");
        assertEquals(badRooms.body(), 2, badRooms.json().path("errors").size());
        assertEquals(0, http.bearer("GET", rooms, province, null).json().size());
        Http.Answer roomsImported = http.bearerPost(rooms, province, "text/csv", ("examArea,site,siteName,room,capacity,accessibleSeats\n"
                + AREA + ",S01,重庆市第一中学,101,4,0\n" + AREA + ",S01,重庆市第一中学,102,4,0\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(roomsImported.toString(), 201, roomsImported.status());
        assertEquals(2, roomsImported.json().path("imported").asInt());

        // ---- seats allocated: the same seed gives the same seats; published, then frozen ----
        String allocation = CQ + "/office/seat-allocations/2026-04/" + AREA;
        JsonNode drafted = http.bearer("POST", allocation, province, Map.of("seed", 7)).json();
        assertEquals(drafted.toString(), "DRAFT", drafted.path("status").asText());
        assertEquals(drafted.toString(), 4, drafted.path("seats").asInt());
        Set<String> seven = seats();
        assertEquals(200, http.bearer("POST", allocation, province, Map.of("seed", 8)).status());
        assertEquals(200, http.bearer("POST", allocation, province, Map.of("seed", 7)).status());
        assertEquals("deterministic for the seed", seven, seats());
        // notices: refused before the seats are published
        assertProblem(http.bearer("GET", CQ + "/candidates/me/sittings/2026-04/admission-notice.pdf", li[0], null), 409,
                "ADMISSION_NOTICE_NOT_AVAILABLE");
        assertEquals("PUBLISHED", http.bearer("POST", allocation + "/publication", province, null).json().path("status").asText());
        assertProblem(http.bearer("POST", allocation, province, Map.of("seed", 9)), 409, "SEAT_ALLOCATION_PUBLISHED");
        assertEquals("frozen", seven, seats());

        // ---- admission notices: refused before the region's date (1 April 2026, China time), then produced ----
        RestRuntime.moveClock(home, http, "chongqing", NOTICES_NOT_YET);
        HttpResponse<byte[]> beforeTheDay = notice(li[0]);
        assertEquals(409, beforeTheDay.statusCode());
        assertTrue(new String(beforeTheDay.body(), StandardCharsets.UTF_8).contains("ADMISSION_NOTICE_NOT_AVAILABLE"));
        RestRuntime.moveClock(home, http, "chongqing", NOTICES_OPEN);
        HttpResponse<byte[]> pdf = notice(li[0]);
        assertEquals(new String(pdf.body(), StandardCharsets.UTF_8), 200, pdf.statusCode());
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            text = new PDFTextStripper().getText(doc);
        }
        assertTrue(text, text.contains("李白") && text.contains(li[1]) && text.contains("中国近现代史纲要") && text.contains("重庆市第一中学"));
        Matcher verification = Pattern.compile("([A-Z2-7]{36})").matcher(text);
        assertTrue(text, verification.find());
        // the invigilator's check, without login: the initial and the seats the database holds, nothing more
        Http.Answer checked = http.get("/api/v1/admission-notices/" + verification.group(1));
        assertEquals(checked.toString(), 200, checked.status());
        assertEquals("李", checked.json().path("nameInitial").asText());
        Set<String> shown = new HashSet<>();
        checked.json().path("seats").forEach(x -> shown.add(x.path("session").asText() + " " + x.path("room").asText() + " " + x.path("seat").asInt()));
        Set<String> held = new HashSet<>();
        exams().seatsOf("chongqing", "2026-04", java.util.UUID.fromString(li[4])).forEach(x -> held.add(x.session() + " " + x.room() + " " + x.seat()));
        assertEquals(3, held.size());
        assertEquals(held, shown);
        assertFalse(checked.body(), checked.body().contains("李白") || checked.body().contains(li[1]));

        // ---- scores imported after the exams (20 April) ----
        RestRuntime.moveClock(home, http, "chongqing", MARKED);
        String bad = "ticketNumber,course,score\n"
                + li[1] + ",03708,58\n" // 2 good
                + "500199999999,03708,70\n" // 3 unknown ticket number
                + du[1] + ",03709,66\n" // 4 course not in his paid enrollment
                + li[1] + ",03709,105\n" // 5 out of range
                + li[1] + ",02332,85\n" // 6 a graded practical course given points
                + li[1] + ",03708,59\n"; // 7 duplicate of line 2
        Http.Answer refused = importScores(province, bad);
        assertProblem(refused, 422, "IMPORT_REFUSED");
        List<String> faults = new ArrayList<>();
        refused.json().path("errors").forEach(e -> faults.add(e.path("line").asInt() + ":" + e.path("code").asText()));
        assertEquals(refused.toString(), List.of("3:TICKET_NUMBER_NOT_FOUND", "4:COURSE_NOT_ENROLLED", "5:SCORE_OUT_OF_RANGE", "6:SCORE_OUT_OF_RANGE",
                "7:DUPLICATE_ROW"), faults);
        assertTrue("nothing stored, not even line 2", scores().scoresOfCourse("chongqing", "2026-04", "03708").isEmpty());
        // a county office does not import scores
        assertProblem(importScores(county, "ticketNumber,course,score\n" + li[1] + ",03708,58\n"), 403, "FORBIDDEN");

        Http.Answer good = importScores(province, "ticketNumber,course,score\n" + li[1] + ",03708,58\n" + li[1] + ",03709,75\n" + li[1]
                + ",02332,良好\n" + du[1] + ",03708,90\n");
        assertEquals(good.toString(), 201, good.status());
        assertEquals(4, good.json().path("imported").asInt());
        // the marking centre sends 03708 again: it replaces that course's scores, before publication
        Http.Answer again = importScores(province, "ticketNumber,course,score\n" + li[1] + ",03708,59\n" + du[1] + ",03708,90\n");
        assertEquals(again.toString(), 201, again.status());
        assertEquals(2, again.json().path("replaced").asInt());
        assertEquals(List.of("03708"), List.of(again.json().path("courses").path(0).asText()));

        // ---- before publication nobody outside the province office sees a score ----
        JsonNode sheet = http.bearer("GET", CQ + "/office/scores/2026-04?course=03708", province, null).json();
        assertEquals(sheet.toString(), 2, sheet.path("scores").size());
        int[] points = {-1, -1};
        sheet.path("scores").forEach(r -> points[r.path("ticketNumber").asText().equals(li[1]) ? 0 : 1] = r.path("points").asInt());
        assertEquals(59, points[0]);
        assertEquals(90, points[1]);
        assertProblem(http.bearer("GET", CQ + "/office/scores/2026-04?course=03708", county, null), 403, "FORBIDDEN");
        assertProblem(lookup(li[1], li[2]), 409, "SCORES_NOT_PUBLISHED");
        JsonNode early = http.bearer("GET", CQ + "/candidates/me/scores", li[0], null).json();
        assertEquals(early.toString(), 0, early.path("courses").size());
        assertProblem(http.bearer("POST", CQ + "/candidates/me/rechecks", li[0], Map.of("sitting", "2026-04", "course", "03708")), 409,
                "RECHECK_CLOSED");

        // ---- published (30 April) ----
        RestRuntime.moveClock(home, http, "chongqing", PUBLISHED);
        Http.Answer found = lookup(li[1], li[2]);
        assertEquals(found.toString(), 200, found.status());
        assertEquals("2026-04", found.json().path("sitting").asText());
        assertEquals(3, found.json().path("scores").size());
        assertEquals(59, scoreOf(found.json(), "03708").path("points").asInt());
        assertFalse(scoreOf(found.json(), "03708").path("passed").asBoolean());
        assertEquals("GOOD", scoreOf(found.json(), "02332").path("grade").asText());
        assertTrue(scoreOf(found.json(), "02332").path("passed").asBoolean());
        // every mismatch is the same 404
        Http.Answer wrongId = lookup(li[1], du[2]);
        Http.Answer wrongTicket = lookup("500199999999", li[2]);
        Http.Answer otherCandidate = lookup(du[1], li[2]);
        for (Http.Answer a : List.of(wrongId, wrongTicket, otherCandidate)) {
            assertProblem(a, 404, "SCORE_NOT_FOUND");
            assertEquals(wrongId.body(), a.body());
        }
        // rate limited per ID number like the ticket-number lookup: 8 answers, then 429 with Retry-After
        String stranger = IdNumbers.next();
        for (int i = 0; i < 8; i++) {
            assertProblem(lookup(li[1], stranger), 404, "SCORE_NOT_FOUND");
        }
        Http.Answer limited = lookup(li[1], stranger);
        assertProblem(limited, 429, "RATE_LIMITED");
        assertTrue(limited.retryAfter() > 0);
        // published: an import no longer replaces anything
        assertProblem(importScores(province, "ticketNumber,course,score\n" + li[1] + ",03708,99\n"), 409, "SCORES_PUBLISHED");

        // ---- re-check: the fifth working day is Saturday 9 May (make-up day after the 1-5 May holiday) ----
        RestRuntime.moveClock(home, http, "chongqing", FIFTH_WORKING_DAY);
        // ten presses at once: one application (the database's unique constraint decides), every answer the same
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Answer>> presses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Callable<Http.Answer> press = () -> {
                go.await();
                return http.bearer("POST", CQ + "/candidates/me/rechecks", li[0], Map.of("sitting", "2026-04", "course", "03708"));
            };
            presses.add(pool.submit(press));
        }
        go.countDown();
        Set<String> ids = new HashSet<>();
        Http.Answer applied = null;
        for (Future<Http.Answer> f : presses) {
            applied = f.get();
            assertEquals(applied.toString(), 201, applied.status());
            ids.add(applied.json().path("id").asText());
        }
        pool.shutdownNow();
        assertEquals(ids.toString(), 1, ids.size());
        String recheck = applied.json().path("id").asText();
        assertEquals("APPLIED", applied.json().path("status").asText());
        assertEquals("59", applied.json().path("before").path("score").asText());
        assertEquals("applying again answers the same application", recheck,
                http.bearer("POST", CQ + "/candidates/me/rechecks", li[0], Map.of("sitting", "2026-04", "course", "03708")).json().path("id").asText());
        assertProblem(http.bearer("POST", CQ + "/candidates/me/rechecks", li[0], Map.of("sitting", "2026-04", "course", "00015")), 404,
                "SCORE_NOT_FOUND");

        RestRuntime.moveClock(home, http, "chongqing", SIXTH_WORKING_DAY);
        assertProblem(http.bearer("POST", CQ + "/candidates/me/rechecks", du[0], Map.of("sitting", "2026-04", "course", "03708")), 409,
                "RECHECK_CLOSED");

        // ---- the county office corrects the score; everyone sees the new one; the candidate is told ----
        JsonNode pending = http.bearer("GET", CQ + "/office/rechecks?sitting=2026-04", county, null).json();
        assertEquals(pending.toString(), 1, pending.size());
        assertEquals(recheck, pending.path(0).path("id").asText());
        String other = http.staff(ADMIN_PASSWORD, "cq-dadukou", "COUNTY_OFFICE", "chongqing", "500104");
        assertEquals(0, http.bearer("GET", CQ + "/office/rechecks", other, null).json().size());
        assertProblem(http.bearer("POST", CQ + "/office/rechecks/" + recheck + "/outcome", other, Map.of("outcome", "CORRECTED", "score", "90")), 403,
                "FORBIDDEN");
        assertProblem(http.bearer("POST", CQ + "/office/rechecks/" + recheck + "/outcome", county, Map.of("outcome", "CORRECTED", "score", "120")), 422,
                "SCORE_OUT_OF_RANGE");
        Http.Answer decided = http.bearer("POST", CQ + "/office/rechecks/" + recheck + "/outcome", county, Map.of("outcome", "CORRECTED", "score", "62"));
        assertEquals(decided.toString(), 200, decided.status());
        assertEquals("CORRECTED", decided.json().path("status").asText());
        assertEquals("62", decided.json().path("after").path("score").asText());
        assertProblem(http.bearer("POST", CQ + "/office/rechecks/" + recheck + "/outcome", county, Map.of("outcome", "UNCHANGED")), 409, "WRONG_STEP");

        String sms = KaowuPlatform.outbox(home, li[3]);
        assertTrue(sms, sms.contains("03708") && sms.contains("59") && sms.contains("62"));

        JsonNode corrected = scoreOf(lookup(li[1], li[2]).json(), "03708");
        assertEquals(62, corrected.path("points").asInt());
        assertTrue(corrected.path("passed").asBoolean());
        assertTrue(corrected.path("corrected").asBoolean());
        JsonNode transcript = http.bearer("GET", CQ + "/candidates/me/scores", li[0], null).json();
        JsonNode history = null;
        for (JsonNode c : transcript.path("courses")) {
            if (c.path("course").asText().equals("03708")) {
                history = c;
            }
        }
        assertTrue(transcript.toString(), history != null);
        assertEquals("62", history.path("best").path("score").asText());
        assertEquals("2026-04-30", history.path("passedOn").asText());
        assertTrue("Chongqing: passed scores never expire", history.has("validUntil") && history.path("validUntil").isNull());
        assertEquals("合格成绩长期有效", history.path("validity").path("zh-CN").asText());
        JsonNode major = transcript.path("majors").path(0);
        assertEquals("080901", major.path("major").asText());
        List<String> missing = new ArrayList<>();
        major.path("missing").forEach(m -> missing.add(m.asText()));
        assertFalse(missing.contains("03708"));
        assertFalse(missing.contains("03709"));
        assertFalse(missing.contains("02332"));
        assertTrue(missing.toString(), missing.contains("00015") && missing.contains("02331"));
        assertEquals("CORRECTED", http.bearer("GET", CQ + "/candidates/me/rechecks", li[0], null).json().path(0).path("status").asText());

        // ---- every step is in the audit trail ----
        String trail = http.bearer("GET", CQ + "/office/audit?limit=500", province, null).body();
        for (String action : List.of("SCORE_IMPORT", "SCORE_LOOKUP", "RECHECK_APPLY", "RECHECK_DECIDE")) {
            assertTrue(action + " in " + trail, trail.contains(action));
        }
        assertTrue(trail, trail.contains("REFUSED"));
    }
}
