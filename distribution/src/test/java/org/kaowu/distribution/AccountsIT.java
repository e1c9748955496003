package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;
import javax.inject.Inject;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.common.filespecification.PDSimpleFileSpecification;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionLaunch;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Candidates and offices over HTTP on the real platform: each region's way from registration to a ticket
 * number (Xinjiang: office approval, on-site confirmation with photo; Hubei: online confirmation through
 * the identity-check simulator, with its failed path; Chongqing: at registration), login with lockout,
 * logout, password change, recovery by e-mail link, SMS code and security question with their abuse
 * paths, and staff scopes with the audit trail.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AccountsIT {
    private static final String ADMIN_PASSWORD = "Admin-Secret-2026";

    @Inject
    private BundleContext context;

    private Http http;
    private Path home;

    @Configuration
    public Option[] config() {
        return KaowuPlatform.options(Map.of("org.kaowu.staff.cfg", "adminUsername=platform-admin\nadminPassword=" + ADMIN_PASSWORD + "\n",
                "org.kaowu.limits.cfg", KaowuPlatform.UNLIMITED, "org.kaowu.clock.cfg", "movedTo=" + KaowuPlatform.OPEN_HOURS + "\n",
                "org.kaowu.plugins.identitysim.cfg", "latencyScale=0.2\n"));
    }

    @Before
    public void ready() throws Exception {
        http = new Http(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        home = Path.of(context.getProperty(KaowuPlatform.HOME));
        RestRuntime.awaitReady(context, http);
        RestRuntime.await("three regions", () -> http.get("/api/v1/regions").json().size() == 3);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Map<String, Object> registration(String name, String idNumber, String email, String office) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("idType", "RESIDENT_ID");
        m.put("idNumber", idNumber);
        m.put("mobile", "139" + idNumber.substring(10, 17).replace('X', '0').substring(0, 7) + "0".repeat(1));
        m.put("password", "Exam-Season-2026");
        if (email != null) {
            m.put("email", email);
        }
        if (office != null) {
            m.put("office", office);
        }
        return m;
    }

    private JsonNode register(String region, Map<String, Object> body) {
        Http.Answer a = http.postJson("/api/v1/regions/" + region + "/candidates", body);
        assertEquals(a.toString(), 201, a.status());
        return a.json();
    }

    private String login(String region, String login, String password) {
        Http.Answer a = http.postJson("/api/v1/regions/" + region + "/sessions", Map.of("login", login, "password", password));
        assertEquals(a.toString(), 201, a.status());
        assertFalse(a.json().path("expiresAt").asText().isEmpty());
        return a.json().path("token").asText();
    }

    private String staffLogin(String region, String username, String password) {
        return http.staffLogin(region, username, password);
    }

    /** A staff account created by the platform administrator (idempotent across tests). */
    private String staff(String username, String role, String region, String office) {
        return http.staff(ADMIN_PASSWORD, username, role, region, office);
    }

    private static void assertProblem(Http.Answer a, int status, String code) {
        assertEquals(a.toString(), status, a.status());
        assertTrue(a.toString(), a.contentType().startsWith("application/problem+json"));
        assertEquals(a.toString(), code, a.json().path("code").asText());
    }

    /** A JPEG the regions' photo rules accept: 100x140, blue background; {@code marker} paints the top-left corner. */
    private static String jpeg(Color marker) throws Exception {
        BufferedImage img = new BufferedImage(100, 140, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(60, 120, 220));
        g.fillRect(0, 0, 100, 140);
        g.setColor(Color.WHITE);
        g.fillOval(30, 30, 40, 50);
        if (marker != null) {
            g.setColor(marker);
            g.fillRect(0, 0, 24, 24);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        assertTrue("test photo under 10 KB", out.size() < 10240);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static String png(int w, int h) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** A one-page PDF with a 200x160 noise image (about 100 KB), built with PDFBox, changed by {@code change}. */
    private static byte[] pdf(PdfChange change) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            BufferedImage noise = new BufferedImage(200, 160, BufferedImage.TYPE_INT_RGB);
            java.util.Random random = new java.util.Random(7);
            for (int y = 0; y < 160; y++) {
                for (int x = 0; x < 200; x++) {
                    noise.setRGB(x, y, random.nextInt());
                }
            }
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.drawImage(LosslessFactory.createFromImage(doc, noise), 50, 400, 200, 160);
            }
            change.apply(doc);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    private interface PdfChange {
        void apply(PDDocument doc) throws Exception;
    }

    private static java.util.List<org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation> annotations(PDDocument doc) throws Exception {
        return doc.getPage(0).getAnnotations();
    }

    /** A small baseline JPEG whose SOF0 frame header declares {@code side} x {@code side} pixels (a decompression bomb). */
    private static byte[] jpegBomb(int side) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "jpeg", out);
        byte[] b = out.toByteArray();
        for (int i = 2; i + 8 < b.length; i++) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xC0) {
                ByteBuffer.wrap(b, i + 5, 4).putShort((short) side).putShort((short) side);
                return b;
            }
        }
        throw new IllegalStateException("no SOF0");
    }

    /** A small PNG whose IHDR declares {@code side} x {@code side} pixels, CRC fixed. */
    private static byte[] pngBomb(int side) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "png", out);
        byte[] b = out.toByteArray();
        ByteBuffer.wrap(b, 16, 8).putInt(side).putInt(side);
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17);
        ByteBuffer.wrap(b, 29, 4).putInt((int) crc.getValue());
        return b;
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** The newest outbox message to {@code to} (the development channel writes one file per message). */
    private String outbox(String to) throws Exception {
        return KaowuPlatform.outbox(home, to);
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(regex + " in " + text, m.find());
        return m.group(1);
    }

    private void moveClock(String instant) throws Exception {
        KaowuPlatform.moveClock(context, instant);
    }

    // ---- the three regions' ways to a ticket ----------------------------------------------------

    @Test
    public void xinjiangRegisterOfficeApprovesOnSiteConfirmationWithPhotoGivesTheTicket() throws Exception {
        String id = IdNumbers.next();
        Map<String, Object> body = registration("阿依古丽", id, null, "650102");
        body.put("examLanguage", "fr");
        Http.Answer french = http.postJson("/api/v1/regions/xinjiang/candidates", body);
        assertProblem(french, 400, "VALIDATION_FAILED");
        assertEquals("examLanguage", french.json().path("field").asText());
        body.put("examLanguage", "ug");
        JsonNode created = register("xinjiang", body);
        String candidate = created.path("id").asText();
        assertEquals("PENDING_REVIEW", created.path("status").asText());
        assertTrue(created.path("ticketNumber").isNull());

        String self = login("xinjiang", id, "Exam-Season-2026");
        JsonNode me = http.bearer("GET", "/api/v1/regions/xinjiang/candidates/me", self, null).json();
        assertEquals("office-approval", me.path("nextStep").asText());
        assertEquals("the candidate sits the exams in Uyghur", "ug", me.path("examLanguage").asText());
        assertEquals("the candidate sees the full ID number", id, me.path("idNumber").asText());
        assertFalse(me.has("passwordHash"));

        String tianshan = staff("xj-tianshan", "COUNTY_OFFICE", "xinjiang", "650102");
        String saybag = staff("xj-saybag", "COUNTY_OFFICE", "xinjiang", "650103");
        String office = "/api/v1/regions/xinjiang/office/candidates/" + candidate;

        // another county's office: refused and audited
        assertProblem(http.bearer("POST", office + "/review", saybag, Map.of("decision", "APPROVE")), 403, "FORBIDDEN");
        assertProblem(http.bearer("GET", office, saybag, null), 403, "FORBIDDEN");
        assertTrue(http.bearer("POST", "/api/v1/regions/xinjiang/office/candidate-searches", saybag, Map.of("text", id)).json().isEmpty());
        // confirmation before approval is the wrong step
        assertProblem(http.bearer("POST", office + "/confirmation", tianshan, Map.of("method", "ON_SITE", "photo", jpeg(null))), 409, "WRONG_STEP");

        JsonNode approved = http.bearer("POST", office + "/review", tianshan, Map.of("decision", "APPROVE")).json();
        assertEquals("REGISTERED", approved.path("status").asText());
        assertEquals("on-site-confirmation", approved.path("nextStep").asText());
        assertTrue(approved.path("ticketNumber").isNull());

        // the photo is checked on the decoded image: a PNG named anything is refused, so is a wrong size
        assertProblem(http.bearer("POST", office + "/confirmation", tianshan, Map.of("method", "ON_SITE", "photo", png(100, 140))), 422,
                "PHOTO_REJECTED");
        Http.Answer notAnImage = http.bearer("POST", office + "/confirmation", tianshan, Map.of("method", "ON_SITE",
                "photo", Base64.getEncoder().encodeToString("GIF89a not really".getBytes(StandardCharsets.US_ASCII))));
        assertProblem(notAnImage, 422, "PHOTO_REJECTED");
        assertProblem(http.bearer("POST", office + "/confirmation", tianshan, Map.of("method", "ONLINE", "photo", jpeg(null))), 400,
                "VALIDATION_FAILED");

        Http.Answer confirmed = http.bearer("POST", office + "/confirmation", tianshan, Map.of("method", "ON_SITE", "photo", jpeg(null)));
        assertEquals(confirmed.toString(), 200, confirmed.status());
        String ticket = confirmed.json().path("ticketNumber").asText();
        assertEquals(12, ticket.length());
        assertTrue("office 0102 in the Xinjiang number: " + ticket, ticket.startsWith("0102"));
        assertEquals("ON_SITE", confirmed.json().path("confirmationMethod").asText());
        assertEquals(ticket, http.bearer("GET", "/api/v1/regions/xinjiang/candidates/me", self, null).json().path("ticketNumber").asText());

        // before enrolling, the candidate binds the mobile with an SMS code; a wrong code is refused
        assertEquals("mobile-binding", confirmed.json().path("nextStep").asText());
        String mobile = confirmed.json().path("mobile").asText();
        Http.Answer binding = http.bearer("POST", "/api/v1/regions/xinjiang/candidates/me/mobile-bindings", self, Map.of());
        assertEquals(binding.toString(), 201, binding.status());
        String bindPath = "/api/v1/regions/xinjiang/candidates/me/mobile-bindings/" + binding.json().path("id").asText();
        String sms = outbox(mobile);
        assertTrue("the SMS is in the candidate's language, Uyghur, then Chinese: " + sms, sms.contains("ئىمتىھان دەلىللەش كودى / 考务验证码"));
        String code = group(sms, "code: ([0-9]{6})");
        assertProblem(http.bearer("POST", bindPath, self, Map.of("code", code.equals("123456") ? "654321" : "123456")), 400, "VERIFICATION_FAILED");
        JsonNode bound = http.bearer("POST", bindPath, self, Map.of("code", code)).json();
        assertTrue(bound.toString(), bound.path("mobileVerified").asBoolean());
        assertTrue("the flow is complete", bound.path("nextStep").isNull());
        assertProblem(http.bearer("POST", bindPath, self, Map.of("code", code)), 400, "VERIFICATION_FAILED");

        // the trail shows the refusal and the decisions; only the province office may read it
        String province = staff("xj-province", "PROVINCE_OFFICE", "xinjiang", "650000");
        assertProblem(http.bearer("GET", "/api/v1/regions/xinjiang/office/audit", tianshan, null), 403, "FORBIDDEN");
        JsonNode trail = http.bearer("GET", "/api/v1/regions/xinjiang/office/audit?subject=" + candidate, province, null).json();
        String text = trail.toString();
        assertTrue(text, text.contains("\"actor\":\"staff:xj-saybag\"") && text.contains("\"outcome\":\"DENIED\""));
        assertTrue(text, text.contains("\"outcome\":\"APPROVED\"") && text.contains("IDENTITY_CONFIRMATION"));
        assertFalse("no full ID number in the trail", text.contains(id));
        try {
            assertFalse("no full ID number in the log", Files.readString(home.resolve("logs/kaowu.log"), StandardCharsets.UTF_8).contains(id));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void xinjiangRejectionCarriesAReasonTheCandidateSees() throws Exception {
        String id = IdNumbers.next();
        String candidate = register("xinjiang", registration("买买提", id, null, "650102")).path("id").asText();
        String tianshan = staff("xj-tianshan", "COUNTY_OFFICE", "xinjiang", "650102");
        String office = "/api/v1/regions/xinjiang/office/candidates/" + candidate + "/review";
        assertProblem(http.bearer("POST", office, tianshan, Map.of("decision", "REJECT")), 400, "FIELD_REQUIRED");
        JsonNode rejected = http.bearer("POST", office, tianshan, Map.of("decision", "REJECT", "reason", "姓名与身份证不符 / name differs from the ID card")).json();
        assertEquals("REJECTED", rejected.path("status").asText());
        JsonNode me = http.bearer("GET", "/api/v1/regions/xinjiang/candidates/me", login("xinjiang", id, "Exam-Season-2026"), null).json();
        assertEquals("REJECTED", me.path("status").asText());
        assertTrue(me.path("rejectionReason").asText().contains("name differs from the ID card"));
    }

    @Test
    public void hubeiPreRegistersAndOnlineConfirmationThroughTheSimulatorGivesTheTicket() throws Exception {
        String id = IdNumbers.next();
        String email = "hb" + id.substring(10, 17) + "@example.cn";
        // typed with capitals at registration: an e-mail login name does not depend on case
        JsonNode created = register("hubei", registration("张三", id, "HB" + id.substring(10, 17) + "@Example.CN", null));
        assertEquals("PRE_REGISTERED", created.path("status").asText());
        // e-mail and mobile are login names in Hubei; the ID number is not
        Http.Answer byId = http.postJson("/api/v1/regions/hubei/sessions", Map.of("login", id, "password", "Exam-Season-2026"));
        assertProblem(byId, 401, "INVALID_CREDENTIALS");
        String self = login("hubei", email, "Exam-Season-2026");
        String mobile = http.bearer("GET", "/api/v1/regions/hubei/candidates/me", self, null).json().path("mobile").asText();
        login("hubei", mobile, "Exam-Season-2026");

        String confirm = "/api/v1/regions/hubei/candidates/me/identity-confirmations";
        // the failed check: the face does not match; nothing changes and it may be repeated
        // asked in English: the detail then names the check that failed, as the verifier said it
        Http.Answer failed = http.inLanguage("en").bearer("POST", confirm, self,
                Map.of("idCardImage", jpeg(null), "faceImage", jpeg(Color.RED), "idPhoto", jpeg(null)));
        assertProblem(failed, 422, "IDENTITY_CHECK_FAILED");
        assertTrue(failed.body(), failed.json().path("detail").asText().contains("face does not match"));
        JsonNode still = http.bearer("GET", "/api/v1/regions/hubei/candidates/me", self, null).json();
        assertEquals("PRE_REGISTERED", still.path("status").asText());
        assertTrue(still.path("ticketNumber").isNull());
        assertProblem(http.bearer("POST", confirm, self, Map.of("idCardImage", jpeg(Color.BLUE), "faceImage", jpeg(null), "idPhoto", jpeg(null))),
                422, "IDENTITY_CHECK_FAILED");

        Http.Answer passed = http.bearer("POST", confirm, self, Map.of("idCardImage", jpeg(null), "faceImage", jpeg(null), "idPhoto", jpeg(null)));
        assertEquals(passed.toString(), 200, passed.status());
        assertEquals("REGISTERED", passed.json().path("status").asText());
        assertEquals("ONLINE", passed.json().path("confirmationMethod").asText());
        String ticket = passed.json().path("ticketNumber").asText();
        assertEquals(12, ticket.length());
        // done once: a second confirmation is the wrong step
        assertProblem(http.bearer("POST", confirm, self, Map.of("idCardImage", jpeg(null), "faceImage", jpeg(null), "idPhoto", jpeg(null))),
                409, "WRONG_STEP");
        // an office of another city cannot see the candidate; the Wuchang office (default office) can
        String xiling = staff("hb-xiling", "COUNTY_OFFICE", "hubei", "420502");
        assertProblem(http.bearer("GET", "/api/v1/regions/hubei/office/candidates/" + created.path("id").asText(), xiling, null), 403, "FORBIDDEN");
        String wuhan = staff("hb-wuhan", "CITY_OFFICE", "hubei", "420100");
        JsonNode read = http.bearer("GET", "/api/v1/regions/hubei/office/candidates/" + created.path("id").asText(), wuhan, null).json();
        assertEquals("the city office sees its county's candidate in full", id, read.path("idNumber").asText());
        JsonNode list = http.bearer("POST", "/api/v1/regions/hubei/office/candidate-searches", wuhan, Map.of("text", ticket)).json();
        assertEquals(1, list.size());
        assertFalse("lists mask ID numbers", list.toString().contains(id));
    }

    @Test
    public void anAssistanceUnitConfirmsItsOwnCandidatesOnly() throws Exception {
        String id = IdNumbers.next();
        Map<String, Object> body = registration("柳永", id, "unit" + id.substring(10, 17) + "@example.cn", null);
        body.put("assistanceUnit", "420106-ZX01");
        String candidate = register("hubei", body).path("id").asText();
        String ownUnit = staff("hb-unit-7", "ASSISTANCE_UNIT", "hubei", "420106-ZX01");
        String otherUnit = staff("hb-unit-8", "ASSISTANCE_UNIT", "hubei", "420111-ZX01");
        String path = "/api/v1/regions/hubei/office/candidates/" + candidate + "/confirmation";
        assertProblem(http.bearer("POST", path, otherUnit, Map.of("method", "ASSISTANCE_UNIT", "photo", jpeg(null))), 403, "FORBIDDEN");
        assertProblem(http.bearer("POST", path, ownUnit, Map.of("method", "ON_SITE", "photo", jpeg(null))), 403, "FORBIDDEN");
        assertEquals(1, http.bearer("POST", "/api/v1/regions/hubei/office/candidate-searches", ownUnit, Map.of()).json().size());
        JsonNode confirmed = http.bearer("POST", path, ownUnit, Map.of("method", "ASSISTANCE_UNIT", "photo", jpeg(null))).json();
        assertEquals("ASSISTANCE_UNIT", confirmed.path("confirmationMethod").asText());
        assertEquals(12, confirmed.path("ticketNumber").asText().length());
        // Xinjiang has group enrollment points, but offers no confirmation by them
        String xjUnit = staff("xj-unit-1", "ASSISTANCE_UNIT", "xinjiang", "650102-JT01");
        String xjId = IdNumbers.next();
        Map<String, Object> xjBody = registration("热合曼", xjId, null, "650102");
        xjBody.put("assistanceUnit", "650102-JT01");
        String xjCandidate = register("xinjiang", xjBody).path("id").asText();
        assertProblem(http.bearer("POST", "/api/v1/regions/xinjiang/office/candidates/" + xjCandidate + "/confirmation", xjUnit,
                Map.of("method", "ASSISTANCE_UNIT", "photo", jpeg(null))), 400, "NOT_OFFERED");
    }

    @Test
    public void aUnitTheRegionDoesNotListIsRefusedForCandidatesAndStaff() {
        // the region lists its units, so a candidate can choose one
        JsonNode units = http.get("/api/v1/regions/hubei").json().path("assistanceUnits");
        assertEquals("420106-ZX01", units.get(0).path("code").asText());
        assertEquals("420106", units.get(0).path("office").asText());
        // before: the candidate was registered under a unit no staff account could ever see
        String id = IdNumbers.next();
        Map<String, Object> body = registration("晏殊", id, "nounit" + id.substring(10, 17) + "@example.cn", null);
        body.put("assistanceUnit", "HB-UNIT-9");
        Http.Answer refused = http.postJson("/api/v1/regions/hubei/candidates", body);
        assertProblem(refused, 400, "ASSISTANCE_UNIT_NOT_FOUND");
        assertEquals("assistanceUnit", refused.json().path("field").asText());
        body.put("assistanceUnit", "420502-ZX01");
        assertEquals("PRE_REGISTERED", register("hubei", body).path("status").asText());
        // a unit of another region is unknown here too
        String admin = http.staffLogin("hubei", "platform-admin", ADMIN_PASSWORD);
        for (String unit : List.of("HB-UNIT-9", "650102-JT01")) {
            Http.Answer staff = http.bearer("POST", "/api/v1/regions/hubei/staff", admin,
                    Map.of("username", "unit-" + unit.toLowerCase(java.util.Locale.ROOT), "password", "Office-Desk-2026",
                            "role", "ASSISTANCE_UNIT", "office", unit));
            assertProblem(staff, 400, "ASSISTANCE_UNIT_NOT_FOUND");
            assertEquals("office", staff.json().path("field").asText());
        }
    }

    @Test
    public void chongqingIssuesTheTicketAtRegistrationAndLogsInByTicketOrIdNumber() {
        String id = IdNumbers.next();
        JsonNode created = register("chongqing", registration("李白", id, null, null));
        assertEquals("REGISTERED", created.path("status").asText());
        String ticket = created.path("ticketNumber").asText();
        assertEquals(12, ticket.length());
        String byTicket = login("chongqing", ticket, "Exam-Season-2026");
        String byId = login("chongqing", id.toLowerCase(java.util.Locale.ROOT), "Exam-Season-2026");
        assertEquals("the region's default exam language", "zh",
                http.bearer("GET", "/api/v1/regions/chongqing/candidates/me", byId, null).json().path("examLanguage").asText());
        assertEquals(ticket, http.bearer("GET", "/api/v1/regions/chongqing/candidates/me", byTicket, null).json().path("ticketNumber").asText());
        assertEquals(id, http.bearer("GET", "/api/v1/regions/chongqing/candidates/me", byId, null).json().path("idNumber").asText());
        // a token is for its region only
        assertProblem(http.bearer("GET", "/api/v1/regions/hubei/candidates/me", byId, null), 401, "UNAUTHENTICATED");
    }

    @Test
    public void hubeiReturningCandidateChoosesATicketNumberTheOthersAreMergedAndAnOfficeCanUndoIt() {
        String id = IdNumbers.next();
        String province = staff("hb-province", "PROVINCE_OFFICE", "hubei", "420000");
        String wuchang = staff("hb-wuchang", "COUNTY_OFFICE", "hubei", "420106");
        String xiling = staff("hb-xiling", "COUNTY_OFFICE", "hubei", "420502");
        String kept = "1601" + id.substring(14, 17) + "00001";
        String other = "1705" + id.substring(14, 17) + "00002";
        String records = "/api/v1/regions/hubei/office/records-on-file";
        assertProblem(http.bearer("POST", records, wuchang, Map.of("name", "王安石", "idNumber", id, "ticketNumber", kept, "office", "420106")), 403,
                "FORBIDDEN");
        assertEquals(201, http.bearer("POST", records, province, Map.of("name", "王安石", "idNumber", id, "ticketNumber", kept, "office", "420106")).status());
        assertEquals(201, http.bearer("POST", records, province, Map.of("name", "王安石", "idNumber", id, "ticketNumber", other, "office", "420502")).status());

        String email = "ret" + id.substring(10, 17) + "@example.cn";
        Map<String, Object> body = registration("王安石", id, email, null);
        body.remove("office");
        String path = "/api/v1/regions/hubei/returning-candidates";
        Map<String, Object> wrongName = new LinkedHashMap<>(body);
        wrongName.put("name", "王安国");
        assertProblem(http.postJson(path, wrongName), 404, "NOT_ON_FILE");
        assertProblem(http.postJson(path, body), 400, "TICKET_CHOICE_REQUIRED");
        body.put("ticketNumber", kept);
        Http.Answer created = http.postJson(path, body);
        assertEquals(created.toString(), 201, created.status());
        assertEquals(kept, created.json().path("ticketNumber").asText());
        assertEquals("PRE_REGISTERED", created.json().path("status").asText());
        assertProblem(http.postJson(path, body), 409, "CANDIDATE_ALREADY_REGISTERED");

        String self = login("hubei", email, "Exam-Season-2026");
        JsonNode me = http.bearer("GET", "/api/v1/regions/hubei/candidates/me", self, null).json();
        assertEquals("identity-confirmation", me.path("nextStep").asText());
        assertEquals(1, me.path("mergedTickets").size());
        assertEquals(other, me.path("mergedTickets").get(0).path("ticketNumber").asText());
        String merge = me.path("mergedTickets").get(0).path("id").asText();

        String undo = "/api/v1/regions/hubei/office/candidates/" + created.json().path("id").asText() + "/merges/" + merge;
        assertProblem(http.bearer("DELETE", undo, xiling, null), 403, "FORBIDDEN");
        JsonNode undone = http.bearer("DELETE", undo, wuchang, null).json();
        assertFalse(undone.toString(), undone.path("mergedTickets").get(0).path("undoneAt").isNull());
        assertProblem(http.bearer("DELETE", undo, wuchang, null), 409, "WRONG_STEP");
        String trail = http.bearer("GET", "/api/v1/regions/hubei/office/audit?subject=" + created.json().path("id").asText(), province, null).body();
        assertTrue(trail, trail.contains("RETURNING_REGISTRATION") && trail.contains("TICKET_MERGE_UNDO"));
    }

    @Test
    public void xinjiangReturningCandidateBindsAMobileBeforeEnrolling() throws Exception {
        String id = IdNumbers.next();
        String province = staff("xj-province", "PROVINCE_OFFICE", "xinjiang", "650000");
        String ticket = "010219" + id.substring(11, 17);
        assertEquals(201, http.bearer("POST", "/api/v1/regions/xinjiang/office/records-on-file", province,
                Map.of("name", "吐尔逊", "idNumber", id, "ticketNumber", ticket, "office", "650102")).status());
        Map<String, Object> body = registration("吐尔逊", id, null, null);
        body.remove("office");
        Http.Answer created = http.postJson("/api/v1/regions/xinjiang/returning-candidates", body);
        assertEquals(created.toString(), 201, created.status());
        assertEquals(ticket, created.json().path("ticketNumber").asText());

        // the returning path comes from the region's data: the take-up lands on the mobile binding
        String self = login("xinjiang", ticket, "Exam-Season-2026");
        JsonNode me = http.bearer("GET", "/api/v1/regions/xinjiang/candidates/me", self, null).json();
        assertEquals(me.toString(), "mobile-binding", me.path("nextStep").asText());
        assertFalse(me.path("mobileVerified").asBoolean());
        Http.Answer binding = http.bearer("POST", "/api/v1/regions/xinjiang/candidates/me/mobile-bindings", self, Map.of());
        assertEquals(binding.toString(), 201, binding.status());
        String code = group(outbox(me.path("mobile").asText()), "code: ([0-9]{6})");
        JsonNode bound = http.bearer("POST", "/api/v1/regions/xinjiang/candidates/me/mobile-bindings/" + binding.json().path("id").asText(), self,
                Map.of("code", code)).json();
        assertTrue(bound.toString(), bound.path("mobileVerified").asBoolean());
        assertTrue("the returning path is complete", bound.path("nextStep").isNull());
    }

    @Test
    public void anOfficeInScopeStartsAPasswordResetForACandidateWhoCameInPerson() {
        // Chongqing: no e-mail, no security question: no way back but the office
        String id = IdNumbers.next();
        String candidate = register("chongqing", registration("杜甫", id, null, "500103")).path("id").asText();
        String own = staff("cq-yuzhong", "COUNTY_OFFICE", "chongqing", "500103");
        String other = staff("cq-dadukou", "COUNTY_OFFICE", "chongqing", "500104");
        String resets = "/api/v1/regions/chongqing/office/candidates/" + candidate + "/password-resets";
        assertProblem(http.bearer("POST", resets, other, Map.of("identityChecked", true)), 403, "FORBIDDEN");
        assertProblem(http.bearer("POST", resets, own, Map.of()), 400, "FIELD_REQUIRED");
        Http.Answer started = http.bearer("POST", resets, own, Map.of("identityChecked", true));
        assertEquals(started.toString(), 201, started.status());
        String code = started.json().path("code").asText();
        String recovery = started.json().path("recovery").asText();
        assertTrue(code, code.matches("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}"));

        String complete = "/api/v1/regions/chongqing/password-recoveries/" + recovery + "/completion";
        assertProblem(http.postJson(complete, Map.of("secret", "AAAA-BBBB-CCCC", "newPassword", "Office-Reset-2027", "confirm", "Office-Reset-2027")),
                400, "VERIFICATION_FAILED");
        Http.Answer done = http.postJson(complete, Map.of("secret", code, "newPassword", "Office-Reset-2027", "confirm", "Office-Reset-2027"));
        assertEquals(done.toString(), 204, done.status());
        login("chongqing", id, "Office-Reset-2027");
        // single use
        assertProblem(http.postJson(complete, Map.of("secret", code, "newPassword", "Office-Reset-2028", "confirm", "Office-Reset-2028")),
                400, "VERIFICATION_FAILED");
        String province = staff("cq-province", "PROVINCE_OFFICE", "chongqing", "500000");
        String trail = http.bearer("GET", "/api/v1/regions/chongqing/office/audit?subject=" + candidate, province, null).body();
        assertTrue(trail, trail.contains("PASSWORD_RESET_BY_OFFICE") && trail.contains("staff:cq-yuzhong") && trail.contains("RECOVERY_COMPLETE"));
        assertFalse(trail.contains(code));
        assertFalse(trail.contains(id));
    }

    @Test
    public void anOfficeCorrectsARegistrationWithAReasonAndARejectedCandidateCorrectsAndResubmits() {
        String id = IdNumbers.next();
        String candidate = register("xinjiang", registration("艾尔肯", id, null, "650102")).path("id").asText();
        String tianshan = staff("xj-tianshan", "COUNTY_OFFICE", "xinjiang", "650102");
        String saybag = staff("xj-saybag", "COUNTY_OFFICE", "xinjiang", "650103");
        String office = "/api/v1/regions/xinjiang/office/candidates/" + candidate;
        String self = login("xinjiang", id, "Exam-Season-2026");

        // a resubmission is for rejected registrations only
        assertProblem(http.bearer("POST", "/api/v1/regions/xinjiang/candidates/me/resubmission", self, Map.of("name", "艾尔肯")), 409, "WRONG_STEP");

        // the office corrects the name with a mandatory reason
        assertProblem(http.bearer("POST", office + "/corrections", tianshan, Map.of("name", "艾尔肯·买买提")), 400, "FIELD_REQUIRED");
        assertProblem(http.bearer("POST", office + "/corrections", saybag, Map.of("name", "艾尔肯·买买提", "reason", "x")), 403, "FORBIDDEN");
        JsonNode corrected = http.bearer("POST", office + "/corrections", tianshan, Map.of("name", "艾尔肯买买提", "reason",
                "身份证原件核对 / checked against the ID card")).json();
        assertEquals(corrected.toString(), "艾尔肯买买提", corrected.path("name").asText());

        // rejected: the candidate corrects the ID number and submits again; back to the office's review
        http.bearer("POST", office + "/review", tianshan, Map.of("decision", "REJECT", "reason", "身份证号有误 / wrong ID number"));
        String newId = IdNumbers.next();
        assertProblem(http.bearer("POST", "/api/v1/regions/xinjiang/candidates/me/resubmission", self, Map.of("idNumber",
                IdNumbers.withWrongCheck(newId))), 400, "INVALID_ID_NUMBER");
        JsonNode again = http.bearer("POST", "/api/v1/regions/xinjiang/candidates/me/resubmission", self, Map.of("idNumber", newId)).json();
        assertEquals(again.toString(), "PENDING_REVIEW", again.path("status").asText());
        assertEquals("office-approval", again.path("nextStep").asText());
        assertTrue(again.path("rejectionReason").isNull() || again.path("rejectionReason").isMissingNode());
        login("xinjiang", newId, "Exam-Season-2026");
        JsonNode approved = http.bearer("POST", office + "/review", tianshan, Map.of("decision", "APPROVE")).json();
        assertEquals("REGISTERED", approved.path("status").asText());

        String province = staff("xj-province", "PROVINCE_OFFICE", "xinjiang", "650000");
        String trail = http.bearer("GET", "/api/v1/regions/xinjiang/office/audit?subject=" + candidate, province, null).body();
        assertTrue(trail, trail.contains("REGISTRATION_CORRECTION") && trail.contains("checked against the ID card")
                && trail.contains("REGISTRATION_RESUBMITTED"));
        assertFalse("ID numbers masked in the trail", trail.contains(id) || trail.contains(newId));
    }

    @Test
    public void associateToBachelorDiplomaIsCheckedAndOnFailureProofGoesToTheOffice() throws Exception {
        String id = IdNumbers.next();
        String email = "edu" + id.substring(10, 17) + "@example.cn";
        String candidate = register("hubei", registration("曾巩", id, email, null)).path("id").asText();
        String self = login("hubei", email, "Exam-Season-2026");
        String check = "/api/v1/regions/hubei/candidates/me/prior-education";
        assertProblem(http.bearer("POST", check, self, Map.of("major", "120202", "diplomaNumber", "1048612345671")), 400, "VALIDATION_FAILED");
        Http.Answer notFound = http.bearer("POST", check, self, Map.of("major", "080901", "diplomaNumber", "1048612345670"));
        assertProblem(notFound, 422, "PRIOR_EDUCATION_NOT_VERIFIED");
        assertEquals("NOT_FOUND", http.bearer("GET", "/api/v1/regions/hubei/candidates/me", self, null).json().path("priorEducation")
                .path("status").asText());

        String proof = check + "/proof";
        assertProblem(http.bearer("POST", proof, self, Map.of("document", png(100, 100))), 422, "DOCUMENT_REJECTED");
        // a realistic report is larger than the API's usual 64 KiB body limit; this upload may be larger
        byte[] pdfBytes = pdf(doc -> { });
        assertTrue("over 64 KiB: " + pdfBytes.length, pdfBytes.length > 90_000);
        String pdf64 = Base64.getEncoder().encodeToString(pdfBytes);
        for (byte[] active : java.util.List.of(
                pdf(doc -> doc.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert(1)"))),
                pdf(doc -> {
                    PDActionLaunch launch = new PDActionLaunch();
                    launch.setFile(new PDSimpleFileSpecification(new COSString("cmd.exe")));
                    PDAnnotationLink link = new PDAnnotationLink();
                    link.setAction(launch);
                    annotations(doc).add(link);
                }),
                pdf(doc -> {
                    PDComplexFileSpecification spec = new PDComplexFileSpecification();
                    spec.setFile("payload.exe");
                    spec.setEmbeddedFile(new PDEmbeddedFile(doc, new java.io.ByteArrayInputStream(new byte[] {'M', 'Z'})));
                    PDEmbeddedFilesNameTreeNode files = new PDEmbeddedFilesNameTreeNode();
                    files.setNames(Map.of("payload.exe", spec));
                    PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
                    names.setEmbeddedFiles(files);
                    doc.getDocumentCatalog().setNames(names);
                }))) {
            Http.Answer refused = http.bearer("POST", proof, self, Map.of("document", Base64.getEncoder().encodeToString(active)));
            assertProblem(refused, 422, "DOCUMENT_REJECTED");
            assertEquals(refused.toString(), "document", refused.json().path("field").asText());
        }
        Http.Answer truncated = http.bearer("POST", proof, self, Map.of("document",
                Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(pdfBytes, 5000))));
        assertProblem(truncated, 422, "DOCUMENT_REJECTED");
        JsonNode submitted = http.bearer("POST", proof, self, Map.of("document", pdf64)).json();
        assertEquals(submitted.toString(), "PROOF_SUBMITTED", submitted.path("priorEducation").path("status").asText());

        String office = "/api/v1/regions/hubei/office/candidates/" + candidate + "/prior-education";
        String xiling = staff("hb-xiling", "COUNTY_OFFICE", "hubei", "420502");
        String wuchang = staff("hb-wuchang", "COUNTY_OFFICE", "hubei", "420106");
        assertProblem(http.bearer("GET", office + "/proof", xiling, null), 403, "FORBIDDEN");
        Http.Answer document = http.bearer("GET", office + "/proof", wuchang, null);
        assertEquals(200, document.status());
        assertTrue(document.contentType(), document.contentType().startsWith("application/pdf"));
        assertTrue("the PDF as PDFBox rewrote it", document.body().startsWith("%PDF-"));
        assertProblem(http.bearer("POST", office + "/review", wuchang, Map.of("decision", "REJECT")), 400, "FIELD_REQUIRED");
        JsonNode rejected = http.bearer("POST", office + "/review", wuchang, Map.of("decision", "REJECT", "reason", "报告已过期 / the report expired")).json();
        assertEquals("REJECTED", rejected.path("priorEducation").path("status").asText());
        assertTrue(http.bearer("GET", "/api/v1/regions/hubei/candidates/me", self, null).json().path("priorEducation").path("reason").asText()
                .contains("expired"));
        http.bearer("POST", proof, self, Map.of("document", pdf64));
        JsonNode accepted = http.bearer("POST", office + "/review", wuchang, Map.of("decision", "ACCEPT")).json();
        assertEquals("ACCEPTED", accepted.path("priorEducation").path("status").asText());
        assertProblem(http.bearer("POST", office + "/review", wuchang, Map.of("decision", "ACCEPT")), 409, "WRONG_STEP");

        // a diploma the records know is verified at once
        String id2 = IdNumbers.next();
        String email2 = "edu" + id2.substring(10, 17) + "@example.cn";
        register("hubei", registration("晏殊", id2, email2, null));
        JsonNode verified = http.bearer("POST", check, login("hubei", email2, "Exam-Season-2026"),
                Map.of("major", "080901", "diplomaNumber", "1048612345671")).json();
        assertEquals("VERIFIED", verified.path("priorEducation").path("status").asText());
    }

    /** The audit trail's and the search's limits: 1 to their maximum; -1 was a 500, 0 lifted the cap. */
    @Test
    public void outOfRangeLimitsAreRefusedWithProblemJson() {
        String province = staff("hb-province", "PROVINCE_OFFICE", "hubei", "420000");
        String audit = "/api/v1/regions/hubei/office/audit";
        for (String limit : new String[] {"-1", "0", "501", "abc", "99999999999"}) {
            Http.Answer a = http.bearer("GET", audit + "?limit=" + limit, province, null);
            assertProblem(a, 400, "VALIDATION_FAILED");
            assertEquals(limit + ": " + a, "limit", a.json().path("field").asText());
        }
        assertEquals(200, http.bearer("GET", audit + "?limit=1", province, null).status());
        assertTrue(http.bearer("GET", audit + "?limit=1", province, null).json().size() <= 1);
        assertEquals(200, http.bearer("GET", audit + "?limit=500", province, null).status());
        String search = "/api/v1/regions/hubei/office/candidate-searches";
        for (int limit : new int[] {-1, 0, 101}) {
            Http.Answer a = http.bearer("POST", search, province, Map.of("text", "张", "limit", limit));
            assertProblem(a, 400, "VALIDATION_FAILED");
            assertEquals(limit + ": " + a, "limit", a.json().path("field").asText());
        }
        assertEquals(200, http.bearer("POST", search, province, Map.of("text", "张", "limit", 100)).status());
        // a NUL in any text field of a body is refused, here the search text
        Http.Answer nul = http.bearer("POST", "/api/v1/regions/hubei/office/candidate-searches", province, Map.of("text", "张\u0000"));
        assertProblem(nul, 400, "VALIDATION_FAILED");
        assertEquals("text", nul.json().path("field").asText());
    }

    // ---- decompression bombs -----------------------------------------------------------------------

    /**
     * Images whose header declares 26,000² or 50,000² pixels (decoded: gigabytes) are refused from the header
     * as every kind of upload: on-site confirmation photo, online confirmation's ID photo, ID card and face
     * images, JPEG proof, and a PDF proof whose image XObject declares them. Each refusal is fast and the
     * heap does not grow.
     */
    @Test
    public void imageBombsAreRefusedFromTheHeaderForEveryUpload() throws Exception {
        Map<String, byte[]> bombs = new LinkedHashMap<>();
        for (int side : new int[] {26_000, 50_000}) {
            bombs.put("jpeg " + side, jpegBomb(side));
            bombs.put("png " + side, pngBomb(side));
        }
        // Hubei (no nightly lock, unlike Xinjiang): one candidate confirms online, the county office
        // confirms another on site; the first one's diploma was not found, so it uploads proof
        String hbId = IdNumbers.next();
        String hbEmail = "bomb" + hbId.substring(10, 17) + "@example.cn";
        register("hubei", registration("李清照", hbId, hbEmail, null));
        String hubei = login("hubei", hbEmail, "Exam-Season-2026");
        String onSiteId = IdNumbers.next();
        String onSite = register("hubei", registration("辛弃疾", onSiteId, "site" + onSiteId.substring(10, 17) + "@example.cn", null))
                .path("id").asText();
        String wuchang = staff("hb-wuchang", "COUNTY_OFFICE", "hubei", "420106");
        String office = "/api/v1/regions/hubei/office/candidates/" + onSite;
        String confirm = "/api/v1/regions/hubei/candidates/me/identity-confirmations";
        String check = "/api/v1/regions/hubei/candidates/me/prior-education";
        assertProblem(http.bearer("POST", check, hubei, Map.of("major", "080901", "diplomaNumber", "1048612345670")), 422,
                "PRIOR_EDUCATION_NOT_VERIFIED");
        String photo = jpeg(null);

        long heapBefore = usedHeapAfterGc();
        for (Map.Entry<String, byte[]> bomb : bombs.entrySet()) {
            String b64 = Base64.getEncoder().encodeToString(bomb.getValue());
            refused(bomb.getKey() + " as on-site photo", 422, "PHOTO_REJECTED", "photo",
                    () -> http.bearer("POST", office + "/confirmation", wuchang, Map.of("method", "ON_SITE", "photo", b64)));
            refused(bomb.getKey() + " as ID photo", 422, "PHOTO_REJECTED", "idPhoto",
                    () -> http.bearer("POST", confirm, hubei, Map.of("idCardImage", photo, "faceImage", photo, "idPhoto", b64)));
            refused(bomb.getKey() + " as ID card image", 422, "PHOTO_REJECTED", "idCardImage",
                    () -> http.bearer("POST", confirm, hubei, Map.of("idCardImage", b64, "faceImage", photo, "idPhoto", photo)));
            refused(bomb.getKey() + " as face image", 422, "PHOTO_REJECTED", "faceImage",
                    () -> http.bearer("POST", confirm, hubei, Map.of("idCardImage", photo, "faceImage", b64, "idPhoto", photo)));
            if (bomb.getKey().startsWith("jpeg")) {
                refused(bomb.getKey() + " as proof", 422, "DOCUMENT_REJECTED", "document",
                        () -> http.bearer("POST", check + "/proof", hubei, Map.of("document", b64)));
            }
        }
        String pdfBomb = Base64.getEncoder().encodeToString(pdf(doc -> {
            PDImageXObject image = LosslessFactory.createFromImage(doc, new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB));
            image.getCOSObject().setInt(COSName.WIDTH, 50_000);
            image.getCOSObject().setInt(COSName.HEIGHT, 50_000);
            try (PDPageContentStream content = new PDPageContentStream(doc, doc.getPage(0), PDPageContentStream.AppendMode.APPEND, false)) {
                content.drawImage(image, 0, 0, 100, 100);
            }
        }));
        refused("PDF with a 50000x50000 image as proof", 422, "DOCUMENT_REJECTED", "document",
                () -> http.bearer("POST", check + "/proof", hubei, Map.of("document", pdfBomb)));
        // three at once, as the report's OutOfMemoryError needed
        String jpeg26k = Base64.getEncoder().encodeToString(bombs.get("jpeg 26000"));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<Http.Answer>>();
            for (int i = 0; i < 3; i++) {
                answers.add(pool.submit(() -> http.bearer("POST", office + "/confirmation", wuchang, Map.of("method", "ON_SITE", "photo", jpeg26k))));
            }
            for (var a : answers) {
                assertProblem(a.get(), 422, "PHOTO_REJECTED");
            }
        } finally {
            pool.shutdown();
        }
        long grown = usedHeapAfterGc() - heapBefore;
        System.out.printf("image bombs: used heap after GC grew by %d KB%n", grown / 1024);
        assertTrue("used heap grew by " + grown / (1024 * 1024) + " MB", grown < 100L * 1024 * 1024);

        // the photos that were not bombs still pass, so the refusals above were about the bombs
        Http.Answer confirmed = http.bearer("POST", office + "/confirmation", wuchang, Map.of("method", "ON_SITE", "photo", photo));
        assertEquals(confirmed.toString(), 200, confirmed.status());
    }

    private static void refused(String what, int status, String code, String field, java.util.function.Supplier<Http.Answer> upload) {
        long start = System.nanoTime();
        Http.Answer a = upload.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("image bombs: %-42s %d %s in %d ms%n", what, a.status(), a.json().path("code").asText(), millis);
        assertProblem(a, status, code);
        assertEquals(what + ": " + a, field, a.json().path("field").asText());
        // a sanity bound only: decoding one of these took 12 s
        assertTrue(what + " took " + millis + " ms", millis < 5_000);
    }

    // ---- sessions ------------------------------------------------------------------------------

    @Test
    public void wrongPasswordsLockTheLoginEvenForTheRightPasswordAndTheAnswerNeverTellsWhichPartWasWrong() {
        String id = IdNumbers.next();
        register("chongqing", registration("杜甫", id, null, null));
        Http.Answer unknown = http.postJson("/api/v1/regions/chongqing/sessions", Map.of("login", IdNumbers.next(), "password", "Whatever-2026"));
        Http.Answer wrong = http.postJson("/api/v1/regions/chongqing/sessions", Map.of("login", id, "password", "Whatever-2026"));
        assertProblem(unknown, 401, "INVALID_CREDENTIALS");
        assertProblem(wrong, 401, "INVALID_CREDENTIALS");
        assertEquals("the same answer for an unknown login and a wrong password", unknown.json().path("detail"), wrong.json().path("detail"));
        for (int i = 2; i <= 5; i++) {
            assertProblem(http.postJson("/api/v1/regions/chongqing/sessions", Map.of("login", id, "password", "Whatever-2026")), 401,
                    "INVALID_CREDENTIALS");
        }
        Http.Answer locked = http.postJson("/api/v1/regions/chongqing/sessions", Map.of("login", id, "password", "Whatever-2026"));
        assertProblem(locked, 429, "LOCKED_OUT");
        assertNotNull(locked.retryAfterHeader());
        assertTrue(Integer.parseInt(locked.retryAfterHeader()) >= 1);
        Http.Answer right = http.postJson("/api/v1/regions/chongqing/sessions", Map.of("login", id, "password", "Exam-Season-2026"));
        assertProblem(right, 429, "LOCKED_OUT");
        assertNotNull(right.retryAfterHeader());
    }

    @Test
    public void logoutEndsTheSessionAndTokensCannotBeForged() {
        String id = IdNumbers.next();
        register("chongqing", registration("王维", id, null, null));
        String token = login("chongqing", id, "Exam-Season-2026");
        assertEquals(200, http.bearer("GET", "/api/v1/regions/chongqing/candidates/me", token, null).status());
        String[] parts = token.split("\\.");
        // another signature: the second-last character (six whole bits of the MAC) changed, never the same token, and
        // to a digit: Jetty keeps a connection's last Authorization header in a cache it looks up ignoring case, so a
        // token that differs from the one before on the same connection only in case ('a' to 'A') is read as that one
        String sig = parts[3];
        char other = sig.charAt(sig.length() - 2) == '0' ? '1' : '0';
        String forged = parts[0] + "." + parts[1] + "." + parts[2] + "." + sig.substring(0, sig.length() - 2) + other + sig.charAt(sig.length() - 1);
        assertProblem(http.bearer("GET", "/api/v1/regions/chongqing/candidates/me", forged, null), 401, "UNAUTHENTICATED");
        assertProblem(http.bearer("GET", "/api/v1/regions/chongqing/candidates/me", null, null), 401, "UNAUTHENTICATED");
        assertEquals(204, http.bearer("DELETE", "/api/v1/regions/chongqing/sessions/current", token, null).status());
        assertProblem(http.bearer("GET", "/api/v1/regions/chongqing/candidates/me", token, null), 401, "UNAUTHENTICATED");
    }

    @Test
    public void passwordChangeNeedsTheOldPasswordAndAMatchingConfirmation() {
        String id = IdNumbers.next();
        register("chongqing", registration("白居易", id, null, null));
        String token = login("chongqing", id, "Exam-Season-2026");
        String path = "/api/v1/regions/chongqing/candidates/me/password";
        assertProblem(http.bearer("PUT", path, token, Map.of("oldPassword", "Wrong-Old-2026", "newPassword", "New-Season-2027", "confirm", "New-Season-2027")),
                400, "VERIFICATION_FAILED");
        assertProblem(http.bearer("PUT", path, token, Map.of("oldPassword", "Exam-Season-2026", "newPassword", "New-Season-2027", "confirm", "New-Season-2028")),
                400, "VALIDATION_FAILED");
        assertProblem(http.bearer("PUT", path, token, Map.of("oldPassword", "Exam-Season-2026", "newPassword", "short", "confirm", "short")),
                400, "WEAK_PASSWORD");
        assertEquals(204, http.bearer("PUT", path, token, Map.of("oldPassword", "Exam-Season-2026", "newPassword", "New-Season-2027",
                "confirm", "New-Season-2027")).status());
        assertProblem(http.postJson("/api/v1/regions/chongqing/sessions", Map.of("login", id, "password", "Exam-Season-2026")), 401,
                "INVALID_CREDENTIALS");
        login("chongqing", id, "New-Season-2027");
    }

    // ---- recovery ------------------------------------------------------------------------------

    @Test
    public void chongqingRecoveryByEmailLinkWorksOnceAndNotAfterItExpires() throws Exception {
        String id = IdNumbers.next();
        String email = "cq" + id.substring(10, 17) + "@example.cn";
        String ticket = register("chongqing", registration("苏轼", id, email, null)).path("ticketNumber").asText();
        String start = "/api/v1/regions/chongqing/password-recoveries";
        assertProblem(http.postJson(start, Map.of("channel", "SMS_CODE", "idNumber", id, "ticketNumber", ticket)), 400, "NOT_OFFERED");
        assertProblem(http.postJson(start, Map.of("channel", "EMAIL_LINK", "idNumber", id)), 400, "FIELD_REQUIRED");
        // details that match nobody get the same kind of answer, and no message
        Http.Answer nobody = http.postJson(start, Map.of("channel", "EMAIL_LINK", "idNumber", id, "ticketNumber", "260103999990"));
        assertEquals(201, nobody.status());

        JsonNode started = http.postJson(start, Map.of("channel", "EMAIL_LINK", "idNumber", id, "ticketNumber", ticket)).json();
        String mail = outbox(email);
        String recovery = group(mail, "recovery=([0-9a-f-]{36})");
        String token = group(mail, "token=([A-Za-z0-9_-]+)");
        assertEquals(started.path("id").asText(), recovery);
        String complete = start + "/" + recovery + "/completion";
        assertProblem(http.postJson(complete, Map.of("secret", token + "x", "newPassword", "Reset-Season-2027", "confirm", "Reset-Season-2027")),
                400, "VERIFICATION_FAILED");
        assertEquals(204, http.postJson(complete, Map.of("secret", token, "newPassword", "Reset-Season-2027", "confirm", "Reset-Season-2027")).status());
        login("chongqing", ticket, "Reset-Season-2027");
        // used once: the same link again is refused
        assertProblem(http.postJson(complete, Map.of("secret", token, "newPassword", "Again-Season-2028", "confirm", "Again-Season-2028")),
                400, "VERIFICATION_FAILED");

        // a second link
        String recoverySecond = http.postJson(start, Map.of("channel", "EMAIL_LINK", "idNumber", id, "ticketNumber", ticket)).json().path("id").asText();
        RestRuntime.await("second link", () -> {
            try {
                return outbox(email).contains(recoverySecond);
            } catch (Exception e) {
                return false;
            }
        });
        String second = outbox(email);
        String recovery2 = group(second, "recovery=([0-9a-f-]{36})");
        String token2 = group(second, "token=([A-Za-z0-9_-]+)");
        assertFalse(recovery2.equals(recovery));
        // the link's 30 minutes run on real time: moving the business clock (a rehearsal) neither expires it nor lengthens it
        try {
            java.time.Instant later = java.time.Instant.parse(KaowuPlatform.OPEN_HOURS).plus(java.time.Duration.ofDays(400));
            moveClock(later.toString());
            RestRuntime.await("clock moved", () -> java.time.OffsetDateTime.parse(http.get("/api/v1/regions/chongqing").json().path("calendar")
                    .path("now").path("at").asText()).toInstant().isAfter(later.minusSeconds(60)));
            Http.Answer completed = http.postJson(start + "/" + recovery2 + "/completion", Map.of("secret", token2, "newPassword", "Late-Season-2027",
                    "confirm", "Late-Season-2027"));
            assertEquals(completed.toString(), 204, completed.status());
        } finally {
            moveClock(KaowuPlatform.OPEN_HOURS);
        }
    }

    @Test
    public void chongqingRecoveryBySecurityQuestion() {
        String id = IdNumbers.next();
        Map<String, Object> body = registration("陆游", id, null, null);
        body.put("securityQuestion", "您的出生地？");
        body.put("securityAnswer", "山阴");
        String ticket = register("chongqing", body).path("ticketNumber").asText();
        JsonNode started = http.postJson("/api/v1/regions/chongqing/password-recoveries",
                Map.of("channel", "SECURITY_QUESTION", "idNumber", id, "ticketNumber", ticket)).json();
        assertEquals("您的出生地？", started.path("securityQuestion").asText());
        String complete = "/api/v1/regions/chongqing/password-recoveries/" + started.path("id").asText() + "/completion";
        assertProblem(http.postJson(complete, Map.of("secret", "会稽", "newPassword", "Poem-Season-2027", "confirm", "Poem-Season-2027")), 400,
                "VERIFICATION_FAILED");
        assertEquals(204, http.postJson(complete, Map.of("secret", " 山阴 ", "newPassword", "Poem-Season-2027", "confirm", "Poem-Season-2027")).status());
        login("chongqing", id, "Poem-Season-2027");
    }

    @Test
    public void hubeiRecoveryBySmsCodeRefusesAWrongCode() throws Exception {
        String id = IdNumbers.next();
        String email = "sms" + id.substring(10, 17) + "@example.cn";
        register("hubei", registration("欧阳修", id, email, null));
        String mobile = http.bearer("GET", "/api/v1/regions/hubei/candidates/me", login("hubei", email, "Exam-Season-2026"), null).json()
                .path("mobile").asText();
        JsonNode started = http.postJson("/api/v1/regions/hubei/password-recoveries", Map.of("channel", "SMS_CODE", "idNumber", id)).json();
        String code = group(outbox(mobile), "code: ([0-9]{6})");
        String wrong = code.equals("000000") ? "000001" : "000000";
        String complete = "/api/v1/regions/hubei/password-recoveries/" + started.path("id").asText() + "/completion";
        assertProblem(http.postJson(complete, Map.of("secret", wrong, "newPassword", "Sms-Season-2027", "confirm", "Sms-Season-2027")), 400,
                "VERIFICATION_FAILED");
        assertEquals(204, http.postJson(complete, Map.of("secret", code, "newPassword", "Sms-Season-2027", "confirm", "Sms-Season-2027")).status());
        login("hubei", email, "Sms-Season-2027");
    }

    @Test
    public void onlyAdministratorsAndProvinceOfficesCreateStaff() {
        String tianshan = staff("xj-tianshan", "COUNTY_OFFICE", "xinjiang", "650102");
        assertProblem(http.bearer("POST", "/api/v1/regions/xinjiang/staff", tianshan, Map.of("username", "xj-new", "password", "Office-Desk-2026",
                "role", "COUNTY_OFFICE", "office", "650103")), 403, "FORBIDDEN");
        String province = staff("xj-province", "PROVINCE_OFFICE", "xinjiang", "650000");
        assertProblem(http.bearer("POST", "/api/v1/regions/hubei/staff", province, Map.of("username", "hb-sneaky", "password", "Office-Desk-2026",
                "role", "COUNTY_OFFICE", "office", "420102")), 403, "FORBIDDEN");
        assertProblem(http.bearer("POST", "/api/v1/regions/xinjiang/staff", province, Map.of("username", "xj-bad-office", "password",
                "Office-Desk-2026", "role", "COUNTY_OFFICE", "office", "650100")), 400, "OFFICE_NOT_FOUND");
        Http.Answer ok = http.bearer("POST", "/api/v1/regions/xinjiang/staff", province, Map.of("username", "xj-xinshi-" + System.nanoTime() % 100000,
                "password", "Office-Desk-2026", "role", "COUNTY_OFFICE", "office", "650104"));
        assertEquals(ok.toString(), 201, ok.status());
        assertFalse(ok.body().contains("Office-Desk-2026"));
        // a Xinjiang account does not log in at Hubei: the same answer as a wrong password
        assertProblem(http.postJson("/api/v1/regions/hubei/staff/sessions", Map.of("username", "xj-province", "password", "Office-Desk-2026")),
                401, "INVALID_CREDENTIALS");
        assertEquals("xj-province", http.bearer("GET", "/api/v1/regions/xinjiang/staff/me", province, null).json().path("username").asText());
    }
}
