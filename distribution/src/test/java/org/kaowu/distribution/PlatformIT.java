package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.kaowu.store.CandidateStore;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The real platform in Felix, with the distribution's bundles, over real HTTP: Chongqing registration
 * and lookup, bad input answered with problem+json and leaving nothing stored, the region bundle
 * coming and going at runtime, and the console's access control.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT {
    @Inject
    private BundleContext context;

    private Http http;

    @Configuration
    public Option[] config() {
        return KaowuPlatform.options(Map.of("org.kaowu.limits.cfg", KaowuPlatform.limits(PER_ADDRESS, 5)));
    }

    private static final int PER_ADDRESS = 40;

    @Before
    public void awaitSettledRuntime() throws Exception {
        http = new Http(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        RestRuntime.awaitReady(context, http);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        RestRuntime.await(what, condition);
    }

    private static Map<String, Object> registration(String name, String idNumber) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("idType", "RESIDENT_ID");
        body.put("idNumber", idNumber);
        body.put("mobile", "13800138000");
        body.put("email", "candidate@example.cn");
        body.put("password", "Kaowu-2026");
        return body;
    }

    private CandidateStore store() {
        ServiceReference<CandidateStore> ref = context.getServiceReference(CandidateStore.class);
        assertNotNull("store service", ref);
        return context.getService(ref);
    }

    private static void assertProblem(Http.Answer a, int status, String code, String field) {
        assertProblem("", a, status, code, field);
    }

    private static void assertProblem(String what, Http.Answer a, int status, String code, String field) {
        assertEquals(what + a, status, a.status());
        assertTrue(what + a, a.contentType().startsWith("application/problem+json"));
        JsonNode p = a.json();
        assertEquals(what + a, code, p.path("code").asText());
        assertEquals(status, p.path("status").asInt());
        assertFalse(p.path("title").asText().isEmpty());
        if (field != null) {
            assertEquals(what + a, field, p.path("field").asText());
        }
        assertFalse("no stack trace: " + a.body(), a.body().contains("Exception") || a.body().contains("\tat ") || a.body().contains("<html"));
    }

    @Test
    public void healthIsUpWithEveryBundleActive() {
        JsonNode health = http.get("/api/v1/health").json();
        assertEquals("UP", health.path("status").asText());
        assertEquals(0, health.path("notActive").size());
        assertEquals("Apache Derby", health.path("database").asText());
    }

    @Test
    public void regionsAreReadFromTheLiveRegionBundle() {
        Bundle region = regionBundle();
        assertNotNull(region);
        JsonNode regions = http.get("/api/v1/regions").json();
        List<String> codes = new ArrayList<>();
        regions.forEach(r -> codes.add(r.path("code").asText()));
        assertEquals(List.of("chongqing", "hubei", "xinjiang"), codes);
        JsonNode cq = regions.get(0);
        assertEquals("重庆市", cq.path("names").path("zh-CN").asText());
        assertEquals("Chongqing", cq.path("names").path("en").asText());
        assertEquals(region.getVersion().toString(), cq.path("bundleVersion").asText());
    }

    @Test
    public void regionProfileShowsItsRules() {
        JsonNode cq = http.get("/api/v1/regions/chongqing").json();
        assertEquals("Asia/Shanghai", cq.path("timeZone").asText());
        assertEquals(12, cq.path("ticketNumber").path("length").asInt());
        assertEquals(4, cq.path("ticketNumber").path("parts").size());
        assertTrue(cq.path("offices").size() > 5);
        assertProblem(http.get("/api/v1/regions/atlantis"), 404, "REGION_NOT_FOUND", null);
    }

    @Test
    public void registersWithTicketNumberAndFindsItAgain() {
        String id = IdNumbers.next();
        Http.Answer created = http.postJson("/api/v1/regions/chongqing/candidates", registration("李小龙", id));
        assertEquals(created.toString(), 201, created.status());
        JsonNode c = created.json();
        String ticket = c.path("ticketNumber").asText();
        assertTrue(ticket, ticket.matches("\\d{12}"));
        assertEquals("REGISTERED", c.path("status").asText());
        assertNotNull(created.location());
        assertTrue(created.location(), created.location().endsWith("/api/v1/regions/chongqing/candidates/" + c.path("id").asText()));
        assertFalse("never the password or its hash", created.body().contains("Kaowu-2026") || created.body().contains("$2y$"));

        JsonNode again = http.get(created.location()).json();
        assertEquals(ticket, again.path("ticketNumber").asText());

        Http.Answer found = http.postJson("/api/v1/regions/chongqing/ticket-number-lookups", Map.of("name", "李小龙", "idNumber", id));
        assertEquals(found.toString(), 200, found.status());
        assertEquals(ticket, found.json().path("ticketNumber").asText());

        // One identical answer for a wrong name and for a wrong number
        Http.Answer wrongName = http.postJson("/api/v1/regions/chongqing/ticket-number-lookups", Map.of("name", "李大龙", "idNumber", id));
        Http.Answer wrongNumber = http.postJson("/api/v1/regions/chongqing/ticket-number-lookups", Map.of("name", "李小龙", "idNumber", IdNumbers.next()));
        assertProblem(wrongName, 404, "TICKET_NUMBER_NOT_FOUND", null);
        assertEquals(wrongName.status(), wrongNumber.status());
        assertEquals(wrongName.body(), wrongNumber.body());
    }

    @Test
    public void sameIdNumberTwiceIsAConflict() {
        String id = IdNumbers.next();
        assertEquals(201, http.postJson("/api/v1/regions/chongqing/candidates", registration("王芳", id)).status());
        assertProblem(http.postJson("/api/v1/regions/chongqing/candidates", registration("王芳", id)), 409, "CANDIDATE_ALREADY_REGISTERED", "idNumber");
    }

    @Test
    public void badInputIsRefusedWithProblemJsonAndStoresNothing() {
        record Case(String what, String contentType, String body, String idNumber, int status, String code, String field) {
        }
        List<Case> cases = new ArrayList<>();
        String id;
        id = IdNumbers.next();
        cases.add(new Case("malformed JSON", "application/json", "{\"name\": \"张三\", \"idNumber\": \"" + id + "\",", id, 400, "MALFORMED_JSON", null));
        id = IdNumbers.next();
        cases.add(new Case("wrong check digit", "application/json", json(registration("张三", IdNumbers.withWrongCheck(id)), null, null),
                IdNumbers.withWrongCheck(id), 400, "INVALID_ID_NUMBER", "idNumber"));
        id = IdNumbers.next();
        cases.add(new Case("missing name", "application/json", json(registration("张三", id), "name", null), id, 400, "FIELD_REQUIRED", "name"));
        id = IdNumbers.next();
        cases.add(new Case("missing password", "application/json", json(registration("张三", id), "password", null), id, 400, "FIELD_REQUIRED", "password"));
        id = IdNumbers.next();
        cases.add(new Case("oversized name", "application/json", json(registration("张".repeat(65), id), null, null), id, 400, "FIELD_TOO_LONG", "name"));
        id = IdNumbers.next();
        cases.add(new Case("oversized id number", "application/json", json(registration("张三", id + "1".repeat(40)), null, null), id, 400, "FIELD_TOO_LONG", "idNumber"));
        id = IdNumbers.next();
        cases.add(new Case("oversized body", "application/json", json(registration("张三", id), "comment", "x".repeat(100_000)), id, 413, "PAYLOAD_TOO_LARGE", null));
        id = IdNumbers.next();
        cases.add(new Case("unknown field", "application/json", json(registration("张三", id), "nickname", "小张"), id, 400, "VALIDATION_FAILED", "nickname"));
        id = IdNumbers.next();
        cases.add(new Case("number instead of text", "application/json", json(registration("张三", id), "name", 42), id, 400, "VALIDATION_FAILED", "name"));
        id = IdNumbers.next();
        cases.add(new Case("unknown id type", "application/json", json(registration("张三", id), "idType", "PASSPORT"), id, 400, "VALIDATION_FAILED", "idType"));
        id = IdNumbers.next();
        cases.add(new Case("weak password", "application/json", json(registration("张三", id), "password", "short"), id, 400, "WEAK_PASSWORD", "password"));
        id = IdNumbers.next();
        cases.add(new Case("bad mobile", "application/json", json(registration("张三", id), "mobile", "12345"), id, 400, "VALIDATION_FAILED", "mobile"));
        id = IdNumbers.next();
        cases.add(new Case("unknown office", "application/json", json(registration("张三", id), "office", "110105"), id, 400, "OFFICE_NOT_FOUND", "office"));
        id = IdNumbers.next();
        cases.add(new Case("adult with household register", "application/json", json(registration("张三", id), "idType", "HOUSEHOLD_REGISTER"), id, 400, "ID_TYPE_NOT_ACCEPTED", "idType"));
        id = IdNumbers.next();
        for (String invisible : List.of("\u0301\u0301", "\u3164", "\u3164\u3164", "\u115F\u1160", "\uFFA0", "\u200B\u200D", "\u2060\uFEFF")) {
            id = IdNumbers.next();
            cases.add(new Case("invisible name " + invisible.codePoints().mapToObj(Integer::toHexString).toList(), "application/json",
                    json(registration("张三", id), "name", invisible), id, 400, "VALIDATION_FAILED", "name"));
        }
        id = IdNumbers.next();
        cases.add(new Case("NUL in password", "application/json", json(registration("张三", id), "password", "Exam-Season\u00002026"), id, 400,
                "VALIDATION_FAILED", "password"));
        id = IdNumbers.next();
        cases.add(new Case("NUL in e-mail", "application/json", json(registration("张三", id), "email", "zhang\u0000san@example.cn"), id, 400,
                "VALIDATION_FAILED", "email"));
        id = IdNumbers.next();
        cases.add(new Case("escape in e-mail", "application/json", json(registration("张三", id), "email", "zhang\u001b[2Jsan@example.cn"), id,
                400, "VALIDATION_FAILED", "email"));
        id = IdNumbers.next();
        cases.add(new Case("line feed in name", "application/json", json(registration("张三", id), "name", "张\n三"), id, 400,
                "VALIDATION_FAILED", "name"));
        cases.add(new Case("not JSON at all", "text/plain", "name=张三&idNumber=" + id, id, 415, "UNSUPPORTED_MEDIA_TYPE", null));
        cases.add(new Case("empty body", "application/json", "", null, 400, "FIELD_REQUIRED", null));
        cases.add(new Case("JSON null", "application/json", "null", null, 400, "FIELD_REQUIRED", null));
        cases.add(new Case("JSON array", "application/json", "[]", null, 400, "VALIDATION_FAILED", null));

        CandidateStore store = store();
        for (Case c : cases) {
            Http.Answer a = http.post("/api/v1/regions/chongqing/candidates", c.contentType(), c.body());
            assertProblem(c.what() + ": ", a, c.status(), c.code(), c.field());
            if (c.idNumber() != null) {
                assertTrue(c.what() + " stored nothing", store.findByIdNumber("chongqing", c.idNumber()).isEmpty());
            }
        }
        String valid = IdNumbers.next();
        assertProblem(http.postJson("/api/v1/regions/atlantis/candidates", registration("张三", valid)), 404, "REGION_NOT_FOUND", null);
        assertTrue(store.findByIdNumber("atlantis", valid).isEmpty());
    }

    /**
     * Paths that could mean two things (encoded dots or slashes, dot and empty segments) are 400 BAD_PATH
     * problem+json on every path of the server; Jetty answered them with an HTML page, some with a 503
     * SERVICE_STARTING of the API fallback.
     */
    @Test
    public void ambiguousPathsAreRefusedWithProblemJson() {
        for (String path : List.of("/api/v1/regions/%2e%2e/x", "/api/v1/regions/a%2Fb", "/api/v1/regions/..%2Fchongqing", "/api/v1/%2e%2e",
                "/api/v1/regions/a%5Cb", "/api/v1/regions/%252e%252e", "/api/v1/regions//chongqing", "/api/v1/regions/%2e",
                "/api/v1/regions/chongqing/%2e%2e/hubei", "/api/v1/regions/a;b", "/portal/%2e%2e/system/console",
                "/x/%2e%2e/y")) {
            assertProblem(path + ": ", http.get(path), 400, "BAD_PATH", null);
            Http.Answer post = http.post(path, "application/json", "{}");
            assertProblem("POST " + path + ": ", post, 400, "BAD_PATH", null);
        }
        assertEquals(200, http.get("/api/v1/regions/chongqing").status());
        assertProblem("unknown region: ", http.get("/api/v1/regions/atlantis"), 404, "REGION_NOT_FOUND", null);
    }

    private static String json(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        if (key != null) {
            if (value == null) {
                copy.remove(key);
            } else {
                copy.put(key, value);
            }
        }
        try {
            return Http.JSON.writeValueAsString(copy);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void lookupsOfOneIdNumberAreLimited() {
        String id = IdNumbers.next();
        assertEquals(201, http.postJson("/api/v1/regions/chongqing/candidates", registration("曹操", id)).status());
        for (int i = 0; i < 5; i++) {
            assertEquals(404, http.postJson("/api/v1/regions/chongqing/ticket-number-lookups", Map.of("name", "猜名" + i, "idNumber", id)).status());
        }
        // even the right name is refused now, so guessing cannot go on
        Http.Answer limited = http.postJson("/api/v1/regions/chongqing/ticket-number-lookups", Map.of("name", "曹操", "idNumber", id));
        assertProblem(limited, 429, "RATE_LIMITED", null);
        assertTrue(limited.retryAfter() >= 1);
    }

    @Test
    public void lookupsFromOneAddressAreLimited() throws Exception {
        // from 127.0.0.2, a loopback address of its own, so the other tests' allowance is untouched
        int port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        long started = System.nanoTime();
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertEquals(404, rawLookupFrom("127.0.0.2", port, IdNumbers.next(), http).status());
        }
        // the budget refills evenly (PER_ADDRESS a minute): on a loaded machine the loop above takes
        // seconds, and that time's refill may pass, but no more
        Http.Answer limited = rawLookupFrom("127.0.0.2", port, IdNumbers.next(), http);
        int refilled = 0;
        while (limited.status() == 404) {
            refilled++;
            double allowance = (System.nanoTime() - started) / 60e9 * PER_ADDRESS + 1;
            assertTrue("passed " + refilled + " over the budget in " + (System.nanoTime() - started) / 1_000_000 + " ms", refilled <= allowance);
            limited = rawLookupFrom("127.0.0.2", port, IdNumbers.next(), http);
        }
        assertProblem(limited, 429, "RATE_LIMITED", null);
        assertTrue(limited.retryAfter() >= 1);
        assertEquals(404, http.postJson("/api/v1/regions/chongqing/ticket-number-lookups", Map.of("name", "张三", "idNumber", IdNumbers.next())).status());
    }

    /** One HTTP/1.1 request over a socket bound to {@code from} (the JDK client cannot choose its address). */
    private static Http.Answer rawLookupFrom(String from, int port, String idNumber, Http http) throws Exception {
        String humanCheck = http.humanCheck("chongqing", "LOOKUP");
        byte[] body = ("{\"name\":\"张三\",\"idNumber\":\"" + idNumber + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port, java.net.InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/regions/chongqing/ticket-number-lookups HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nKaowu-Human-Check: " + humanCheck + "\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String[] parts = response.split("\r\n\r\n", 2);
            int status = Integer.parseInt(parts[0].split(" ")[1]);
            String contentType = "";
            String retryAfter = null;
            for (String line : parts[0].split("\r\n")) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = line.substring(13).strip();
                } else if (lower.startsWith("retry-after:")) {
                    retryAfter = line.substring(12).strip();
                }
            }
            String text = parts.length > 1 ? parts[1] : "";
            if (parts[0].toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                text = dechunk(text);
            }
            return new Http.Answer(status, contentType, text, null, retryAfter);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int eol = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, eol).strip(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }

    @Test
    public void unknownApiPathsAndMethodsAreProblemsToo() {
        assertProblem(http.get("/api/v1/nothing-here"), 404, "NOT_FOUND", null);
        assertProblem(http.get("/api/v1/regions/chongqing/candidates"), 405, "METHOD_NOT_ALLOWED", null);
        assertProblem(http.get("/api/v1/regions/chongqing/candidates/not-a-uuid"), 404, "CANDIDATE_NOT_FOUND", null);
        assertProblem(http.get("/api/v2/regions"), 404, "NOT_FOUND", null);
    }

    @Test
    public void openApiDocumentDescribesTheApi() {
        JsonNode doc = http.get("/api/v1/openapi.json").json();
        assertTrue(doc.path("openapi").asText().startsWith("3."));
        for (String path : new String[] {"/health", "/regions", "/regions/{code}", "/regions/{code}/candidates", "/regions/{code}/ticket-number-lookups"}) {
            assertTrue(path, doc.path("paths").has(path));
        }
    }

    @Test
    public void regionAppearsAndVanishesWithItsBundleFile() throws Exception {
        Path deploy = Path.of(context.getProperty(KaowuPlatform.HOME), "deploy");
        Path jar = KaowuPlatform.regionJar(deploy, "chongqing");
        Path aside = Files.createTempFile("chongqing", ".jar");
        Files.move(jar, aside, StandardCopyOption.REPLACE_EXISTING);
        try {
            await("chongqing gone", () -> !http.get("/api/v1/regions").body().contains("\"chongqing\""));
            assertTrue("the other regions stay", http.get("/api/v1/regions").body().contains("\"xinjiang\""));
            assertNull(regionBundle());
            assertProblem(http.get("/api/v1/regions/chongqing"), 404, "REGION_NOT_FOUND", null);
        } finally {
            Files.copy(aside, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        await("chongqing back", () -> http.get("/api/v1/regions").body().contains("\"chongqing\""));
        assertNotNull(regionBundle());
        assertEquals(201, http.postJson("/api/v1/regions/chongqing/candidates", registration("赵云", IdNumbers.next())).status());
    }

    @Test
    public void aRegionStoppedByAnOperatorIsNotServedFromItsOldRevisionWhenRefreshed() throws Exception {
        // An update keeps the last revision answering while the new one comes (make before break); an
        // operator's stop must not: not even when the stopped bundle is refreshed, as an update's is.
        Bundle chongqing = regionBundle();
        chongqing.stop();
        try {
            java.util.concurrent.CountDownLatch refreshed = new java.util.concurrent.CountDownLatch(1);
            context.getBundle(0).adapt(org.osgi.framework.wiring.FrameworkWiring.class)
                    .refreshBundles(java.util.List.of(chongqing), event -> refreshed.countDown());
            assertTrue("refreshed", refreshed.await(30, java.util.concurrent.TimeUnit.SECONDS));
            assertProblem(http.get("/api/v1/regions/chongqing"), 404, "REGION_NOT_FOUND", null);
        } finally {
            chongqing.start();
        }
        await("chongqing back", () -> http.get("/api/v1/regions").body().contains("\"chongqing\""));
    }

    private Bundle regionBundle() {
        for (Bundle b : context.getBundles()) {
            if ("org.kaowu.regions.chongqing".equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    @Test
    public void consoleRefusesAnonymousAndDefaultCredentials() {
        Http.Answer anonymous = http.get("/system/console/bundles");
        assertEquals(anonymous.toString(), 401, anonymous.status());
        assertEquals(401, http.get("/system/console/bundles", "admin", "admin").status());
        assertEquals(401, http.get("/system/console/bundles", "admin", KaowuPlatform.CONSOLE_PASSWORD + "x").status());
        assertEquals(200, http.get("/system/console/bundles", "admin", KaowuPlatform.CONSOLE_PASSWORD).status());
    }
}
