package org.kaowu.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
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

    /** Each window-opening user its own seeded candidate, once (a second enrollment would be ALREADY_ENROLLED). */
    static Iterator<Map<String, Object>> windowCandidates() {
        return IntStream.range(LoadRun.LOOKUP_CANDIDATES, LoadRun.LOOKUP_CANDIDATES + LoadRun.WINDOW_CANDIDATES)
                .mapToObj(i -> Map.<String, Object>of("idNumber", LoadCandidates.idNumber(i), "name", LoadCandidates.name(i))).iterator();
    }

    static ChainBuilder lookup() {
        return exec(http("ticket-number lookup").post(XJ + "/ticket-number-lookups")
                .body(StringBody("{\"name\":\"#{name}\",\"idNumber\":\"#{idNumber}\"}")).check(status().is(200)));
    }

    static ChainBuilder login() {
        return exec(http("login (bcrypt 10)").post(XJ + "/sessions")
                .body(StringBody("{\"login\":\"#{idNumber}\",\"password\":\"" + LoadCandidates.PASSWORD + "\"}"))
                .check(status().is(201), jsonPath("$.token").saveAs("token")));
    }

    /** The whole window opening of one candidate, login to confirmation. */
    static ChainBuilder windowOpening() {
        String one = ENROLLMENTS + "/#{enrollment}";
        return login()
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
}
