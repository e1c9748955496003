package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Rooms, seats and admission notices over real HTTP on the real platform, on the moved clock: Chongqing
 * candidates enroll in April 2027 and pay on the payment simulator; the province office's room file with
 * errors is refused whole with its line numbers, the good one applied; one candidate is recorded as needing
 * an accessible seat; the seats are allocated (the same seed gives the same seats, neighbours never share a
 * course, the accessible seat goes to the candidate who needs it) and published (then frozen); the notice is
 * refused until the region's notice date (region time) and then produced with seats, exam-day rules and a
 * verification code, which the public endpoint checks without login, showing only initial and seats; a room
 * taken out of use moves its candidates and nobody else. A Xinjiang notice carries the registration photo.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
// The Chongqing test runs last: it ends by spending the lookup budget of 127.0.0.1.
@org.junit.FixMethodOrder(org.junit.runners.MethodSorters.NAME_ASCENDING)
public class ExamSeatsIT {
    private static final String ADMIN_PASSWORD = "Admin-Secret-2026";
    private static final String PASSWORD = "Exam-Season-2026";
    private static final String CQ = "/api/v1/regions/chongqing";
    /** 1 March 2027 12:00 in China: inside Chongqing's April 2027 window (27 Feb 09:00 - 5 Mar 17:00). */
    private static final String INSIDE = "2027-03-01T04:00:00Z";
    private static final String AREA = "500103";
    /** Every budget out of the way but lookups per address (notice checks among them): 12 in 10 minutes. */
    private static final String LIMITS = KaowuPlatform.UNLIMITED.replaceFirst("perAddress=\\d+", "perAddress=12") + "perAddressSeconds=600\n";

    @Inject
    private BundleContext context;

    private Http http;
    private Path home;
    private int port;
    private final HttpClient client = HttpClient.newHttpClient();

    @Configuration
    public Option[] config() {
        return KaowuPlatform.options(Map.of("org.kaowu.staff.cfg", "adminUsername=platform-admin\nadminPassword=" + ADMIN_PASSWORD + "\n",
                "org.kaowu.limits.cfg", LIMITS, "org.kaowu.clock.cfg", "movedTo=" + INSIDE + "\n",
                "org.kaowu.plugins.paymentsim.cfg", "callbackDelayMillis=20\ncallbackDelaySpreadMillis=0\n"
                        + "duplicateProbability=0\noutOfOrderProbability=0\ndropProbability=0\nseed=3\nretryDelayMillis=200\n"));
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

    private ExamOperationsStore store() {
        return context.getService(context.getServiceReference(ExamOperationsStore.class));
    }

    /** A paid enrollment of the region's sitting: registered or given, enrolled, paid on the simulator's pay page. */
    private void enrollAndPay(String base, String self, String sitting, String major, String area, String... codes) throws Exception {
        String mine = base + "/candidates/me/enrollments";
        Http.Answer created = http.bearer("POST", mine, self, Map.of("sitting", sitting));
        assertEquals(created.toString(), 201, created.status());
        String one = mine + "/" + created.json().path("id").asText();
        assertEquals("COURSES", http.bearer("PUT", one + "/majors", self, Map.of("majors", List.of(major))).json().path("next").asText());
        Http.Answer chosen = http.bearer("PUT", one + "/courses", self, Map.of("courses", courses(major, codes)));
        assertEquals(chosen.toString(), "EXAM_AREA", chosen.json().path("next").asText());
        assertEquals("PAYMENT_METHOD", http.bearer("PUT", one + "/exam-area", self, Map.of("examArea", area)).json().path("next").asText());
        assertEquals("PAY", http.bearer("PUT", one + "/payment-method", self, Map.of("method", "ONLINE")).json().path("next").asText());
        Http.Answer order = http.bearer("POST", one + "/payments", self, Map.of());
        assertEquals(order.toString(), 201, order.status());
        Http.Answer paid = http.post(order.json().path("payUrl").asText(), "application/x-www-form-urlencoded", "action=pay");
        assertEquals(paid.toString(), 200, paid.status());
        RestRuntime.await("paid", () -> http.bearer("GET", one, self, null).json().path("status").asText().equals("PAID"));
    }

    private HttpResponse<byte[]> notice(String base, String self, String sitting) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + base + "/candidates/me/sittings/" + sitting
                + "/admission-notice.pdf")).header("Authorization", "Bearer " + self).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Keeps a notice under target/admission-notices/ to look at (the portal's screenshots are kept alike). */
    private static void keep(String name, byte[] pdf) throws Exception {
        Path dir = Path.of("target", "admission-notices");
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.write(dir.resolve(name), pdf);
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    private static String code(String text) {
        Matcher m = Pattern.compile("([A-Z2-7]{36})").matcher(text);
        assertTrue(text, m.find());
        return m.group(1);
    }

    private static Map<String, ExamOperationsStore.Seat> byKey(List<ExamOperationsStore.Seat> seats) {
        Map<String, ExamOperationsStore.Seat> out = new HashMap<>();
        seats.forEach(s -> out.put(s.session() + "/" + s.enrollment(), s));
        return out;
    }

    /** Consecutive seats of one room and session never hold one course. */
    private static void assertNeighboursApart(List<ExamOperationsStore.Seat> seats) {
        Map<String, String> at = new HashMap<>();
        seats.forEach(s -> at.put(s.session() + "/" + s.site() + "/" + s.room() + "/" + s.seat(), s.course()));
        for (ExamOperationsStore.Seat s : seats) {
            String next = at.get(s.session() + "/" + s.site() + "/" + s.room() + "/" + (s.seat() + 1));
            assertNotEquals("neighbour of " + s, s.course(), next);
        }
    }

    @Test
    public void roomsSeatsNoticesAndTheirVerification() throws Exception {
        RestRuntime.moveClock(home, http, "chongqing", INSIDE);
        // six Chongqing candidates enroll in April 2027 (exam area 500103) and pay
        String[] names = {"李白", "杜甫", "王维", "白居易", "苏轼", "李清照"};
        String[][] chosen = {{"03708", "03709", "00015", "00023"}, {"03708", "03709"}, {"03708", "00015"}, {"02331", "03709", "02332"},
                {"03708", "02326", "00023"}, {"03708", "00041", "00155", "00067"}};
        List<String> tokens = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> tickets = new ArrayList<>();
        int courseEnrollments = 0;
        for (int i = 0; i < names.length; i++) {
            String id = IdNumbers.next();
            Map<String, Object> body = new LinkedHashMap<>(Map.of("name", names[i], "idType", "RESIDENT_ID", "idNumber", id,
                    "mobile", "1390000000" + i, "password", PASSWORD, "office", AREA));
            Http.Answer created = http.postJson(CQ + "/candidates", body);
            assertEquals(created.toString(), 201, created.status());
            ids.add(created.json().path("id").asText());
            tickets.add(created.json().path("ticketNumber").asText());
            Http.Answer login = http.postJson(CQ + "/sessions", Map.of("login", id, "password", PASSWORD));
            assertEquals(login.toString(), 201, login.status());
            tokens.add(login.json().path("token").asText());
            String major = List.of(chosen[i]).contains("00041") ? "120203K" : "080901";
            enrollAndPay(CQ, tokens.get(i), "2027-04", major, AREA, chosen[i]);
            courseEnrollments += chosen[i].length;
        }

        String province = http.staff(ADMIN_PASSWORD, "cq-province", "PROVINCE_OFFICE", "chongqing", "500000");
        String county = http.staff(ADMIN_PASSWORD, "cq-yuzhong", "COUNTY_OFFICE", "chongqing", AREA);
        String rooms = CQ + "/office/exam-rooms";
        byte[] good = ("examArea,site,siteName,room,capacity,accessibleSeats\n" + AREA + ",S01,重庆市第一中学,101,4,1\n"
                + AREA + ",S01,重庆市第一中学,102,4,0\n" + AREA + ",S02,\"重庆市第二中学, 北楼\",201,6,0\n").getBytes(StandardCharsets.UTF_8);
        assertProblem(http.bearerPost(rooms, county, "text/csv", good), 403, "FORBIDDEN");

        // a file with errors: refused whole, every line named, nothing applied
        byte[] bad = ("examArea,site,siteName,room,capacity,accessibleSeats\n" + AREA + ",S01,重庆市第一中学,101,4,1\n"
                + "999999,S01,重庆市第一中学,102,4,0\n" + AREA + ",S02,重庆市第二中学,201,0,0\n" + AREA + ",S01,重庆市第一中学,101,4,5\n")
                .getBytes(StandardCharsets.UTF_8);
        Http.Answer refused = http.bearerPost(rooms, province, "text/csv", bad);
        assertProblem(refused, 422, "IMPORT_REFUSED");
        Set<Integer> lines = new HashSet<>();
        refused.json().path("errors").forEach(e -> lines.add(e.path("line").asInt()));
        assertEquals(refused.body(), Set.of(3, 4, 5), lines);
        assertEquals(refused.body(), "UNKNOWN_EXAM_AREA", refused.json().path("errors").get(0).path("code").asText());
        assertEquals(0, http.bearer("GET", rooms, province, null).json().size());

        Http.Answer imported = http.bearerPost(rooms, province, "text/csv", good);
        assertEquals(imported.toString(), 201, imported.status());
        assertEquals(3, imported.json().path("imported").asInt());
        JsonNode listed = http.bearer("GET", rooms + "?examArea=" + AREA, province, null).json();
        assertEquals(listed.toString(), 3, listed.size());
        assertEquals("重庆市第二中学, 北楼", listed.get(2).path("siteName").asText());

        // 王维 needs an accessible seat (recorded by the province office, audited)
        assertEquals(200, http.bearer("PUT", CQ + "/office/accessible-seat-needs/" + ids.get(2), province, Map.of("needed", true)).status());

        // allocate: deterministic for the seed, repeatable while DRAFT
        String allocation = CQ + "/office/seat-allocations/2027-04/" + AREA;
        assertProblem(http.bearer("POST", allocation, county, Map.of("seed", 7)), 403, "FORBIDDEN");
        assertProblem(http.bearer("POST", allocation + "/publication", province, null), 404, "SEAT_ALLOCATION_NOT_FOUND");
        JsonNode first = http.bearer("POST", allocation, province, Map.of("seed", 7)).json();
        assertEquals(first.toString(), "DRAFT", first.path("status").asText());
        assertEquals(first.toString(), courseEnrollments, first.path("seats").asInt());
        List<ExamOperationsStore.Seat> seven = store().seats("chongqing", "2027-04", AREA);
        assertEquals(courseEnrollments, seven.size());
        http.bearer("POST", allocation, province, Map.of("seed", 8));
        assertEquals(200, http.bearer("POST", allocation, province, Map.of("seed", 7)).status());
        assertEquals("the same seed, the same seats", byKey(seven), byKey(store().seats("chongqing", "2027-04", AREA)));
        assertNeighboursApart(seven);
        for (ExamOperationsStore.Seat s : seven) {
            if (s.candidate().equals(UUID.fromString(ids.get(2)))) {
                assertEquals("the accessible seat: " + s, "S01/101/1", s.site() + "/" + s.room() + "/" + s.seat());
            }
        }

        // notices: not before publication and the notice date
        assertProblem(http.bearer("GET", CQ + "/candidates/me/sittings/2027-04/admission-notice.pdf", tokens.get(0), null), 409,
                "ADMISSION_NOTICE_NOT_AVAILABLE");
        JsonNode published = http.bearer("POST", allocation + "/publication", province, null).json();
        assertEquals(published.toString(), "PUBLISHED", published.path("status").asText());
        assertProblem(http.bearer("POST", allocation, province, Map.of("seed", 9)), 409, "SEAT_ALLOCATION_PUBLISHED");
        assertProblem(http.bearer("POST", allocation + "/publication", province, null), 409, "SEAT_ALLOCATION_PUBLISHED");
        assertEquals("frozen", byKey(seven), byKey(store().seats("chongqing", "2027-04", AREA)));
        JsonNode trail = http.bearer("GET", CQ + "/office/audit?subject=2027-04/" + AREA, province, null).json();
        assertTrue(trail.toString(), trail.toString().contains("SEAT_ALLOCATION_PUBLISH") && trail.toString().contains("SEAT_ALLOCATION"));

        // Chongqing's notices of 2027-04 open on 31 March, China time: 30 March 23:00 there is still before
        RestRuntime.moveClock(home, http, "chongqing", "2027-03-30T15:00:00Z");
        HttpResponse<byte[]> early = notice(CQ, tokens.get(0), "2027-04");
        assertEquals(409, early.statusCode());
        assertTrue(new String(early.body(), StandardCharsets.UTF_8).contains("ADMISSION_NOTICE_NOT_AVAILABLE"));
        RestRuntime.moveClock(home, http, "chongqing", "2027-03-30T16:30:00Z");
        HttpResponse<byte[]> pdf = notice(CQ, tokens.get(0), "2027-04");
        assertEquals(new String(pdf.body(), StandardCharsets.UTF_8), 200, pdf.statusCode());
        assertTrue(pdf.headers().firstValue("Content-Type").orElse("").startsWith("application/pdf"));
        keep("chongqing-2027-04.pdf", pdf.body());
        String text = text(pdf.body());
        List<ExamOperationsStore.Seat> mine = store().seatsOf("chongqing", "2027-04", UUID.fromString(ids.get(0)));
        assertEquals(4, mine.size());
        assertTrue(text, text.contains("李白") && text.contains(tickets.get(0)) && text.contains("中国近现代史纲要"));
        assertTrue(text, text.contains("开考15分钟后不得入场") && text.contains("No leaving before the last 30 minutes"));
        assertTrue(text, text.contains("2027-04-10") && text.contains("09:00-11:30") && text.contains("重庆市第"));
        String code = code(text);

        // the public check: no login, only the initial, photo and seats
        Http.Answer checked = http.get("/api/v1/admission-notices/" + code);
        assertEquals(checked.toString(), 200, checked.status());
        JsonNode v = checked.json();
        assertEquals("李", v.path("nameInitial").asText());
        assertEquals("2027-04", v.path("sitting").asText());
        assertEquals(4, v.path("seats").size());
        Set<String> shown = new HashSet<>();
        v.path("seats").forEach(s -> shown.add(s.path("session").asText() + " " + s.path("room").asText() + " " + s.path("seat").asInt()));
        Set<String> stored = new HashSet<>();
        mine.forEach(s -> stored.add(s.session() + " " + s.room() + " " + s.seat()));
        assertEquals(stored, shown);
        assertFalse(checked.body(), checked.body().contains("李白") || checked.body().contains(tickets.get(0)) || checked.body().contains(ids.get(0)));
        String forged = code.substring(0, 10) + (code.charAt(10) == 'A' ? 'B' : 'A') + code.substring(11);
        assertProblem(http.get("/api/v1/admission-notices/" + forged), 404, "ADMISSION_NOTICE_NOT_FOUND");
        assertProblem(http.get("/api/v1/admission-notices/not-a-code"), 404, "ADMISSION_NOTICE_NOT_FOUND");

        // a late change: room S01/101 out of use moves its candidates only, by the same rules
        List<ExamOperationsStore.Seat> before = store().seats("chongqing", "2027-04", AREA);
        long inRoom = before.stream().filter(s -> s.site().equals("S01") && s.room().equals("101")).count();
        assertTrue("someone sits in S01/101", inRoom > 0);
        // the accessible seat was there: with no other accessible seat the change is refused, nothing moves
        assertProblem(http.bearer("POST", allocation + "/room-closures", province, Map.of("site", "S01", "room", "101")), 409, "SEATS_INSUFFICIENT");
        assertEquals(byKey(before), byKey(store().seats("chongqing", "2027-04", AREA)));
        assertEquals(200, http.bearer("PUT", rooms + "/" + AREA + "/S02/201", province,
                Map.of("siteName", "重庆市第二中学, 北楼", "capacity", 6, "accessibleSeats", 3)).status());
        JsonNode closed = http.bearer("POST", allocation + "/room-closures", province, Map.of("site", "S01", "room", "101")).json();
        assertEquals(closed.toString(), inRoom, closed.path("moved").asLong());
        assertEquals("PUBLISHED", closed.path("status").asText());
        List<ExamOperationsStore.Seat> after = store().seats("chongqing", "2027-04", AREA);
        assertEquals(before.size(), after.size());
        Map<String, ExamOperationsStore.Seat> old = byKey(before);
        for (ExamOperationsStore.Seat s : after) {
            ExamOperationsStore.Seat was = old.get(s.session() + "/" + s.enrollment());
            boolean wasInRoom = was.site().equals("S01") && was.room().equals("101");
            assertFalse("nobody in the closed room: " + s, s.site().equals("S01") && s.room().equals("101"));
            if (!wasInRoom) {
                assertEquals("kept", was, s);
            }
            if (s.candidate().equals(UUID.fromString(ids.get(2)))) {
                assertTrue("an accessible seat: " + s, s.site().equals("S02") && s.seat() <= 3);
            }
        }
        assertNeighboursApart(after);
        assertProblem(http.bearer("POST", allocation + "/room-closures", province, Map.of("site", "S09", "room", "1")), 404, "ROOM_NOT_FOUND");
        // the invigilator's check shows the seats as they are now
        JsonNode now = http.get("/api/v1/admission-notices/" + code).json();
        Set<String> shownNow = new HashSet<>();
        now.path("seats").forEach(s -> shownNow.add(s.path("session").asText() + " " + s.path("room").asText() + " " + s.path("seat").asInt()));
        Set<String> storedNow = new HashSet<>();
        store().seatsOf("chongqing", "2027-04", UUID.fromString(ids.get(0))).forEach(s -> storedNow.add(s.session() + " " + s.room() + " " + s.seat()));
        assertEquals(storedNow, shownNow);

        // checks are rate limited per client address (12 in 10 minutes here): guessing codes soon ends in 429
        Http.Answer limited = null;
        for (int i = 0; i < 13 && limited == null; i++) {
            Http.Answer a = http.get("/api/v1/admission-notices/" + forged);
            if (a.status() == 429) {
                limited = a;
            } else {
                assertProblem(a, 404, "ADMISSION_NOTICE_NOT_FOUND");
            }
        }
        assertTrue("rate limited within 13 checks", limited != null);
        assertProblem(limited, 429, "RATE_LIMITED");
        assertTrue(limited.toString(), limited.retryAfterHeader() != null);
    }

    @Test
    public void aXinjiangNoticeCarriesThePhotoAndTheCheckShowsIt() throws Exception {
        RestRuntime.moveClock(home, http, "xinjiang", "2019-02-21T04:00:00Z");
        XinjiangCandidates xj = new XinjiangCandidates(http, home, ADMIN_PASSWORD, PASSWORD);
        String self = xj.candidate("阿依古丽");
        enrollAndPay(XinjiangCandidates.XJ, self, "2019-04", "120202", "6501", "03708", "03709", "00015", "00054");
        String province = http.staff(ADMIN_PASSWORD, "xj-province", "PROVINCE_OFFICE", "xinjiang", "650000");
        String rooms = XinjiangCandidates.XJ + "/office/exam-rooms";
        assertEquals(200, http.bearer("PUT", rooms + "/6501/X01/A1", province, Map.of("siteName", "乌鲁木齐市第一中学", "capacity", 30)).status());
        String allocation = XinjiangCandidates.XJ + "/office/seat-allocations/2019-04/6501";
        assertEquals(4, http.bearer("POST", allocation, province, Map.of("seed", 1)).json().path("seats").asInt());
        assertEquals("PUBLISHED", http.bearer("POST", allocation + "/publication", province, null).json().path("status").asText());
        // Xinjiang gives no notice date: a week before the first session (13 April 2019), region time
        RestRuntime.moveClock(home, http, "xinjiang", "2019-04-05T04:00:00Z");
        assertEquals(409, notice(XinjiangCandidates.XJ, self, "2019-04").statusCode());
        RestRuntime.moveClock(home, http, "xinjiang", "2019-04-06T04:00:00Z");
        HttpResponse<byte[]> pdf = notice(XinjiangCandidates.XJ, self, "2019-04");
        assertEquals(new String(pdf.body(), StandardCharsets.UTF_8), 200, pdf.statusCode());
        keep("xinjiang-2019-04.pdf", pdf.body());
        int images = 0;
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            for (var name : doc.getPage(0).getResources().getXObjectNames()) {
                images += doc.getPage(0).getResources().isImageXObject(name) ? 1 : 0;
            }
        }
        assertEquals("the photo", 1, images);
        String text = text(pdf.body());
        assertTrue(text, text.contains("ئىمتىھان") || text.contains("开考15分钟后不得入场"));
        JsonNode v = http.get("/api/v1/admission-notices/" + code(text)).json();
        assertEquals("阿", v.path("nameInitial").asText());
        assertTrue(v.toString(), java.util.Base64.getDecoder().decode(v.path("photo").asText()).length > 100);
        assertEquals(4, v.path("seats").size());
    }
}
