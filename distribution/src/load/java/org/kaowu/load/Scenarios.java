package org.kaowu.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/** What the simulations share: the platform's address, the load's settings, the requests. */
final class Scenarios {
    static final int PORT = Integer.getInteger("kaowu.load.port", 18080);
    static final String BASE = "http://127.0.0.1:" + PORT;
    static final String XJ = "/api/v1/regions/xinjiang";
    static final String ENROLLMENTS = XJ + "/candidates/me/enrollments";
    /** Concurrent clients of the closed scenarios (baseline, lookups). */
    static final int CLIENTS = Integer.getInteger("kaowu.load.clients", 16);
    static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("kaowu.load.seconds", 30));
    static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("kaowu.load.warmup", 10));
    /** Concurrent users of the closed window opening. */
    static final int USERS = Integer.getInteger("kaowu.load.users", 64);

    private Scenarios() {
    }

    static HttpProtocolBuilder protocol() {
        return http.baseUrl(BASE).acceptHeader("application/json").acceptLanguageHeader("zh-CN")
                .contentTypeHeader("application/json").disableCaching();
    }

    /** A random candidate of the lookup range, as Gatling session attributes. */
    static Iterator<Map<String, Object>> anyLookupCandidate() {
        return java.util.stream.Stream.generate((Supplier<Map<String, Object>>) () -> {
            int i = ThreadLocalRandom.current().nextInt(LoadRun.LOOKUP_CANDIDATES);
            return Map.of("idNumber", LoadCandidates.idNumber(i), "name", LoadCandidates.name(i));
        }).iterator();
    }

    /**
     * Each window-opening user its own seeded candidate, once (a second enrollment would be ALREADY_ENROLLED):
     * the first half of the window range (the overload simulation takes the second).
     */
    static Iterator<Map<String, Object>> windowCandidates() {
        return IntStream.range(LoadRun.LOOKUP_CANDIDATES, LoadRun.LOOKUP_CANDIDATES + LoadRun.WINDOW_CANDIDATES / 2)
                .mapToObj(i -> Map.<String, Object>of("idNumber", LoadCandidates.idNumber(i), "name", LoadCandidates.name(i))).iterator();
    }

    /** The closed window opening's candidates: each journey a fresh one (never reused: a second enrollment is ALREADY_ENROLLED). */
    static Iterator<Map<String, Object>> closedWindowCandidates() {
        return IntStream.range(LoadRun.CLOSED_FROM + LoadRun.STEP_CANDIDATES, LoadRun.CLOSED_FROM + LoadRun.CLOSED_CANDIDATES)
                .mapToObj(i -> Map.<String, Object>of("idNumber", LoadCandidates.idNumber(i), "name", LoadCandidates.name(i))).iterator();
    }

    /** The candidate's answer to a new human-check challenge for {@code purpose} (LOGIN, LOOKUP), in {@code #{humanCheck}}. */
    static ChainBuilder humanCheck(String purpose) {
        return exec(http("human-check challenge").post(XJ + "/human-checks").body(StringBody("{\"purpose\":\"" + purpose + "\"}"))
                .check(status().is(201), jsonPath("$.challenge").saveAs("challenge"), jsonPath("$.difficulty").ofInt().saveAs("difficulty")))
                .exec(s -> s.set("humanCheck", HumanCheckAnswers.solve(s.getString("challenge"), s.getInt("difficulty"))));
    }

    static ChainBuilder lookup() {
        return humanCheck("LOOKUP").exec(http("ticket-number lookup").post(XJ + "/ticket-number-lookups").header(HumanCheckAnswers.HEADER, "#{humanCheck}")
                .body(StringBody("{\"name\":\"#{name}\",\"idNumber\":\"#{idNumber}\"}")).check(status().is(200)));
    }

    /**
     * Login through the waiting room: a {@code 503 WAITING_ROOM} answer (expected, not an error) sends the
     * candidate back after Retry-After with its ticket, until it is in.
     */
    static ChainBuilder loginThroughTheWaitingRoom(String prefix) {
        return exec(s -> s.set("in", false).set("ticket", "").set("retryAfter", "1").set("tries", 0))
                .asLongAs(s -> !s.getBoolean("in") && s.getInt("tries") < 100).on(
                        humanCheck("LOGIN").exec(http(s -> prefix + (s.getString("ticket").isEmpty() ? "login (bcrypt 10)" : "login back with ticket"))
                                .post(XJ + "/sessions").header("Kaowu-Waiting-Ticket", "#{ticket}")
                                .header(HumanCheckAnswers.HEADER, "#{humanCheck}")
                                .body(StringBody("{\"login\":\"#{idNumber}\",\"password\":\"" + LoadCandidates.PASSWORD + "\"}"))
                                .check(status().in(201, 503), status().saveAs("status"),
                                        header("Retry-After").optional().saveAs("retryAfter"),
                                        header("Kaowu-Waiting-Ticket").optional().saveAs("ticket"),
                                        jsonPath("$.token").optional().saveAs("token"),
                                        jsonPath("$.code").optional().saveAs("code")))
                                .exec(s -> s.set("in", s.getInt("status") == 201).set("tries", s.getInt("tries") + 1))
                                .doIf(s -> !s.getBoolean("in")).then(
                                        exec(s -> "WAITING_ROOM".equals(s.getString("code")) ? s : s.markAsFailed())
                                                .pause(s -> Duration.ofSeconds(Long.parseLong(s.getString("retryAfter"))))));
    }

    /** The whole window opening of one candidate, login (through the waiting room) to confirmation. */
    static ChainBuilder windowOpening() {
        String one = ENROLLMENTS + "/#{enrollment}";
        return loginThroughTheWaitingRoom("")
                .exec(http("region").get(XJ).check(status().is(200)))
                .exec(http("sitting").get(XJ + "/sittings/2019-04").check(status().is(200)))
                .exec(lookup())
                .exec(http("enrollment start").post(ENROLLMENTS).header("Authorization", "Bearer #{token}")
                        .body(StringBody("{\"sitting\":\"2019-04\"}")).check(status().is(201), jsonPath("$.id").saveAs("enrollment")))
                .exec(http("step majors").put(one + "/majors").header("Authorization", "Bearer #{token}")
                        .body(StringBody("{\"majors\":[\"120202\"]}")).check(status().is(200)))
                .exec(http("step courses").put(one + "/courses").header("Authorization", "Bearer #{token}")
                        .body(StringBody("{\"courses\":[{\"major\":\"120202\",\"course\":\"03708\"},{\"major\":\"120202\",\"course\":\"03709\"},"
                                + "{\"major\":\"120202\",\"course\":\"00015\"}]}")).check(status().is(200)))
                .exec(http("step exam-area").put(one + "/exam-area").header("Authorization", "Bearer #{token}")
                        .body(StringBody("{\"examArea\":\"6501\"}")).check(status().is(200)))
                .exec(http("step payment-method").put(one + "/payment-method").header("Authorization", "Bearer #{token}")
                        .body(StringBody("{\"method\":\"ONLINE\"}")).check(status().is(200)))
                .exec(http("pay (order)").post(one + "/payments").header("Authorization", "Bearer #{token}").body(StringBody("{}"))
                        .check(status().is(201), jsonPath("$.payUrl").saveAs("payUrl")))
                .exec(http("gateway pay page").post("#{payUrl}").header("Content-Type", "application/x-www-form-urlencoded")
                        .body(StringBody("action=pay")).check(status().is(200)))
                // the gateway's signed callback settles the enrollment: poll until PAID (at most ~10 s)
                .exec(session -> session.set("status", "AWAITING_PAYMENT").set("polls", 0))
                .asLongAs(session -> !"PAID".equals(session.getString("status")) && session.getInt("polls") < 50).on(
                        exec(session -> session.set("polls", session.getInt("polls") + 1))
                                .pause(Duration.ofMillis(200))
                                .exec(http("enrollment status").get(one).header("Authorization", "Bearer #{token}")
                                        .check(status().is(200), jsonPath("$.status").saveAs("status"))))
                .exec(http("confirmation pdf").get(one + "/confirmation.pdf").header("Authorization", "Bearer #{token}")
                        .header("Accept", "application/pdf").check(status().is(200)));
    }

    /** Sends requests outside Gatling's statistics until the duration is over: JIT warm-up before measuring. */
    static void warmUp(String label, Supplier<HttpRequest> request) {
        HttpClient client = HttpClient.newHttpClient();
        long end = System.nanoTime() + WARM_UP.toNanos();
        AtomicInteger sent = new AtomicInteger();
        Thread[] threads = new Thread[CLIENTS];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        client.send(request.get(), HttpResponse.BodyHandlers.discarding());
                        sent.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        System.out.println("Warm-up " + label + ": " + sent.get() + " requests in " + WARM_UP.toSeconds() + " s (not measured)");
    }

    static HttpRequest json(String path, String body) {
        return HttpRequest.newBuilder(URI.create(BASE + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    /** A POST guarded by a human check, with a fresh answer for {@code purpose} (asked and solved now). */
    static HttpRequest guarded(HttpClient client, String purpose, String path, String body) {
        return HttpRequest.newBuilder(URI.create(BASE + path)).header("Content-Type", "application/json")
                .header(HumanCheckAnswers.HEADER, HumanCheckAnswers.answer(client, purpose))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    /** Logins a second, with every client logging in one after another for the warm-up time (also the warm-up). */
    // here, not in the simulation: its threads' lambdas would wait for the simulation class's initialization
    static double loginCapacity() {
        HttpClient client = HttpClient.newHttpClient();
        long start = System.nanoTime();
        long end = start + WARM_UP.toNanos();
        AtomicInteger done = new AtomicInteger();
        Thread[] threads = new Thread[CLIENTS];
        for (int t = 0; t < threads.length; t++) {
            int offset = t;
            threads[t] = new Thread(() -> {
                int i = offset;
                while (System.nanoTime() < end) {
                    int c = i++ % LoadRun.LOOKUP_CANDIDATES;
                    try {
                        HttpResponse<Void> r = client.send(guarded(client, "LOGIN", XJ + "/sessions", "{\"login\":\"" + LoadCandidates.idNumber(c)
                                + "\",\"password\":\"" + LoadCandidates.PASSWORD + "\"}"), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 201) {
                            done.incrementAndGet();
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Math.max(1, done.get() / ((System.nanoTime() - start) / 1e9));
    }
}
