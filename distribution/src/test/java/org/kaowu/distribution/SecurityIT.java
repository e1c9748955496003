package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

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
 * Limits, uniqueness and single use under bursts of parallel requests over HTTP against the real platform,
 * sessions that end with a password change or reset, and security timers on real time while the business
 * clock is moved years back and forth.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecurityIT {
    private static final String ADMIN_PASSWORD = "Admin-Secret-2026";
    private static final String PASSWORD = "Exam-Season-2026";

    @Inject
    private BundleContext context;

    private Http http;
    private Path home;

    @Configuration
    public Option[] config() {
        return KaowuPlatform.options(Map.of("org.kaowu.staff.cfg", "adminUsername=platform-admin\nadminPassword=" + ADMIN_PASSWORD + "\n",
                "org.kaowu.limits.cfg", KaowuPlatform.UNLIMITED, "org.kaowu.clock.cfg", "movedTo=" + KaowuPlatform.OPEN_HOURS + "\n"));
    }

    @Before
    public void ready() throws Exception {
        http = new Http(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        home = Path.of(context.getProperty(KaowuPlatform.HOME));
        RestRuntime.awaitReady(context, http);
        RestRuntime.await("three regions", () -> http.get("/api/v1/regions").json().size() == 3);
    }

    private String chongqing(String idNumber) {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("name", "陈平", "idType", "RESIDENT_ID", "idNumber", idNumber,
                "mobile", "13600000000", "password", PASSWORD));
        m.put("securityQuestion", "您的出生地？");
        m.put("securityAnswer", "阳武");
        Http.Answer a = http.postJson("/api/v1/regions/chongqing/candidates", m);
        assertEquals(a.toString(), 201, a.status());
        return a.json().path("ticketNumber").asText();
    }

    private String login(String region, String login, String password) {
        Http.Answer a = http.postJson("/api/v1/regions/" + region + "/sessions", Map.of("login", login, "password", password));
        assertEquals(a.toString(), 201, a.status());
        return a.json().path("token").asText();
    }

    private static <T> List<T> atOnce(int n, java.util.function.IntFunction<T> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.apply(index);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    private static long count(List<Http.Answer> answers, int status) {
        return answers.stream().filter(a -> a.status() == status).count();
    }

    @Test
    public void thirtyLoginsAtOnceGetFiveCheckedAndTheRightPasswordAfterThemIsRefused() throws Exception {
        String id = IdNumbers.next();
        chongqing(id);
        List<Http.Answer> wrong = atOnce(29, i -> http.postJson("/api/v1/regions/chongqing/sessions", Map.of("login", id, "password", "Wrong-" + i)));
        long checked = count(wrong, 401);
        System.out.println("29 wrong logins at once: " + checked + " checked (401), " + count(wrong, 429) + " refused unchecked (429)");
        assertTrue("at most 5 checked: " + checked, checked <= 5);
        assertEquals(29, checked + count(wrong, 429));
        Http.Answer right = http.postJson("/api/v1/regions/chongqing/sessions", Map.of("login", id, "password", PASSWORD));
        assertEquals(right.toString(), 429, right.status());
        assertTrue(right.toString(), right.body().contains("LOCKED_OUT"));
        long retry = Long.parseLong(right.retryAfterHeader());
        assertTrue("Retry-After " + retry, retry >= 1 && retry <= 30);
    }

    @Test
    public void fiftyBindingCodeGuessesAtOnceGetFiveComparisons() throws Exception {
        String id = IdNumbers.next();
        chongqing(id);
        String self = login("chongqing", id, PASSWORD);
        String number = "1371234" + id.substring(10, 14);
        Http.Answer started = http.bearer("POST", "/api/v1/regions/chongqing/candidates/me/mobile-bindings", self, Map.of("mobile", number));
        assertEquals(started.toString(), 201, started.status());
        String path = "/api/v1/regions/chongqing/candidates/me/mobile-bindings/" + started.json().path("id").asText();
        Matcher found = Pattern.compile("code: ([0-9]{6})").matcher(KaowuPlatform.outbox(home, number));
        assertTrue(found.find());
        String code = found.group(1);
        String wrongCode = code.equals("000000") ? "000001" : "000000";
        List<Http.Answer> guesses = atOnce(50, i -> http.bearer("POST", path, self, Map.of("code", wrongCode)));
        assertEquals(50, count(guesses, 400));
        // five attempts were spent: the right code now finds none left
        Http.Answer right = http.bearer("POST", path, self, Map.of("code", code));
        assertEquals(right.toString(), 400, right.status());
        String candidate = http.bearer("GET", "/api/v1/regions/chongqing/candidates/me", self, null).json().path("id").asText();
        String office = http.staff(ADMIN_PASSWORD, "chongqing-province-sec", "PROVINCE_OFFICE", "chongqing", "500000");
        JsonNode trail = http.bearer("GET", "/api/v1/regions/chongqing/office/audit?subject=" + candidate + "&limit=500", office, null).json();
        long compared = 0;
        for (JsonNode e : trail) {
            if (e.path("action").asText().equals("MOBILE_BINDING") && e.path("detail").asText().contains("wrong secret")) {
                compared++;
            }
        }
        System.out.println("50 binding-code guesses at once: " + compared + " compared");
        assertTrue("at most 5 compared: " + compared, compared <= 5);
    }

    @Test
    public void fourRegistrationsAtOnceWithOneEmailMakeOneAccount() throws Exception {
        String email = "same-" + System.nanoTime() + "@example.cn";
        List<Http.Answer> answers = atOnce(4, i -> {
            String id = IdNumbers.next();
            return http.postJson("/api/v1/regions/hubei/candidates", Map.of("name", "周瑜", "idType", "RESIDENT_ID", "idNumber", id,
                    "mobile", "1358888" + id.substring(10, 14), "email", email, "password", PASSWORD));
        });
        assertEquals(answers.toString(), 1, count(answers, 201));
        assertEquals(answers.toString(), 3, count(answers, 409));
        answers.stream().filter(a -> a.status() == 409).forEach(a -> assertTrue(a.toString(), a.body().contains("LOGIN_NAME_TAKEN")));
        // the one account logs in by the e-mail
        login("hubei", email, PASSWORD);
    }

    @Test
    public void aPasswordChangeEndsTheOtherSessionsAndAResetEndsEveryOne() throws Exception {
        String id = IdNumbers.next();
        String ticket = chongqing(id);
        String here = login("chongqing", id, PASSWORD);
        String elsewhere = login("chongqing", ticket, PASSWORD);
        String me = "/api/v1/regions/chongqing/candidates/me";
        Http.Answer changed = http.bearer("PUT", me + "/password", here, Map.of("oldPassword", PASSWORD, "newPassword", "Changed-Season-2027",
                "confirm", "Changed-Season-2027"));
        assertEquals(changed.toString(), 204, changed.status());
        assertEquals(401, http.bearer("GET", me, elsewhere, null).status());
        assertEquals(200, http.bearer("GET", me, here, null).status());

        JsonNode started = http.postJson("/api/v1/regions/chongqing/password-recoveries",
                Map.of("channel", "SECURITY_QUESTION", "idNumber", id, "ticketNumber", ticket)).json();
        Http.Answer reset = http.postJson("/api/v1/regions/chongqing/password-recoveries/" + started.path("id").asText() + "/completion",
                Map.of("secret", "阳武", "newPassword", "Reset-Season-2028", "confirm", "Reset-Season-2028"));
        assertEquals(reset.toString(), 204, reset.status());
        assertEquals(401, http.bearer("GET", me, here, null).status());
        assertEquals(200, http.bearer("GET", me, login("chongqing", id, "Reset-Season-2028"), null).status());
    }

    @Test
    public void fiftyLookupsAtOnceWithOneHumanCheckAnswerGetOneAnswer() throws Exception {
        String id = IdNumbers.next();
        String ticket = chongqing(id);
        String answer = http.humanCheck("chongqing", "LOOKUP");
        int port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.util.function.IntFunction<Http.Answer> lookup = i -> {
            try {
                java.net.http.HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/regions/chongqing/ticket-number-lookups"))
                        .header("Content-Type", "application/json").header("Kaowu-Human-Check", answer)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"陈平\",\"idNumber\":\"" + id + "\"}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                return new Http.Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), null);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        // the answer is spent in the commit of the lookups' audit entries: of fifty requests at once, one spends it
        List<Http.Answer> all = atOnce(50, lookup);
        List<Http.Answer> answered = all.stream().filter(a -> a.status() == 200).toList();
        assertEquals(all.toString(), 1, answered.size());
        assertEquals(ticket, answered.get(0).json().path("ticketNumber").asText());
        assertEquals(all.toString(), 49, all.stream().filter(a -> a.status() == 400 && a.body().contains("HUMAN_CHECK_FAILED")).count());
        // and it stays spent
        Http.Answer again = lookup.apply(50);
        assertEquals(again.toString(), 400, again.status());
        assertTrue(again.toString(), again.body().contains("HUMAN_CHECK_FAILED"));
    }

    @Test
    public void movingTheBusinessClockYearsBackAndForthLeavesLookupsLoginsSessionsAndLocksAlone() throws Exception {
        String id = IdNumbers.next();
        String ticket = chongqing(id);
        String session = login("chongqing", id, PASSWORD);
        String locked = IdNumbers.next();
        chongqing(locked);
        for (int i = 0; i < 5; i++) {
            http.postJson("/api/v1/regions/chongqing/sessions", Map.of("login", locked, "password", "Wrong-" + i));
        }
        Instant base = Instant.parse(KaowuPlatform.OPEN_HOURS);
        try {
            for (Duration shift : List.of(Duration.ofDays(-5 * 365), Duration.ofDays(5 * 365))) {
                Instant to = base.plus(shift);
                moveClock(to.toString());
                RestRuntime.await("clock at " + to, () -> java.time.OffsetDateTime.parse(http.get("/api/v1/regions/chongqing").json()
                        .path("calendar").path("now").path("at").asText()).toInstant().isBefore(to.plusSeconds(120)));
                assertEquals("session after a move of " + shift, 200, http.bearer("GET", "/api/v1/regions/chongqing/candidates/me", session, null).status());
                assertEquals(201, http.postJson("/api/v1/regions/chongqing/sessions", Map.of("login", id, "password", PASSWORD)).status());
                Http.Answer lookup = http.postJson("/api/v1/regions/chongqing/ticket-number-lookups", Map.of("name", "陈平", "idNumber", id));
                assertEquals(lookup.toString(), 200, lookup.status());
                assertEquals(ticket, lookup.json().path("ticketNumber").asText());
                Http.Answer stillLocked = http.postJson("/api/v1/regions/chongqing/sessions", Map.of("login", locked, "password", PASSWORD));
                assertEquals(stillLocked.toString(), 429, stillLocked.status());
                long retry = Long.parseLong(stillLocked.retryAfterHeader());
                assertTrue("the lock still ends within its 30 s, not years: " + retry, retry >= 1 && retry <= 30);
            }
        } finally {
            moveClock(KaowuPlatform.OPEN_HOURS);
        }
    }

    private void moveClock(String instant) throws Exception {
        KaowuPlatform.moveClock(context, instant);
    }
}
