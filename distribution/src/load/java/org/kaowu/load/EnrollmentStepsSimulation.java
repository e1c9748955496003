package org.kaowu.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * Enrollment steps against a raw JDBC insert-and-commit loop on the same database, in the same run and at the
 * same concurrency ({@code kaowu.load.clients}): each client, logged in and with an enrollment of its own at
 * the courses step (set up before, not measured), changes its courses and then its exam area, again and again,
 * for {@code kaowu.load.seconds} (each step a transaction with its rule checks and its audit entry). Afterwards
 * the fixture bundle runs the raw loop ({@code POST /load/jdbc-inserts}: as many threads, one connection each,
 * insert one row and commit) on the platform's database, and writes its rows/s to target/load/jdbc-inserts.txt;
 * the report prints the ratio.
 */
public class EnrollmentStepsSimulation extends Simulation {
    static final String COURSES = "{\"courses\":[{\"major\":\"120202\",\"course\":\"03708\"},{\"major\":\"120202\",\"course\":\"03709\"},"
            + "{\"major\":\"120202\",\"course\":\"00015\"}]}";
    static final String EXAM_AREA = "{\"examArea\":\"6501\"}";
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    /** token and enrollment of each client, filled before the measurement. */
    static final List<Map<String, Object>> CLIENTS = new CopyOnWriteArrayList<>();

    {
        AtomicInteger next = new AtomicInteger();
        setUp(scenario("enrollment steps").exec(feed(Stream.generate(() -> CLIENTS.get(next.getAndIncrement() % CLIENTS.size())).iterator()))
                .during(Scenarios.MEASURE).on(steps())
                .injectOpen(atOnceUsers(Scenarios.CLIENTS)))
                .protocols(Scenarios.protocol());
    }

    static ChainBuilder steps() {
        String one = Scenarios.ENROLLMENTS + "/#{enrollment}";
        return exec(http("steps: courses").put(one + "/courses").header("Authorization", "Bearer #{token}").body(StringBody(COURSES))
                .check(status().is(200)))
                .exec(http("steps: exam-area").put(one + "/exam-area").header("Authorization", "Bearer #{token}").body(StringBody(EXAM_AREA))
                        .check(status().is(200)));
    }

    @Override
    public void before() {
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < Scenarios.CLIENTS; i++) {
            int c = LoadRun.CLOSED_FROM + i;
            String session = send(client, Scenarios.guarded(client, "LOGIN", Scenarios.XJ + "/sessions",
                    "{\"login\":\"" + LoadCandidates.idNumber(c) + "\",\"password\":\"" + LoadCandidates.PASSWORD + "\"}"), 201);
            String token = find(TOKEN, session);
            String enrollment = find(ID, send(client, authorized(Scenarios.ENROLLMENTS, token, "POST", "{\"sitting\":\"2019-04\"}"), 201));
            send(client, authorized(Scenarios.ENROLLMENTS + "/" + enrollment + "/majors", token, "PUT", "{\"majors\":[\"120202\"]}"), 200);
            CLIENTS.add(Map.of("token", token, "enrollment", enrollment));
        }
        // JIT warm-up: the same steps, not measured
        long end = System.nanoTime() + Scenarios.WARM_UP.toNanos();
        AtomicInteger sent = new AtomicInteger();
        List<Thread> threads = CLIENTS.stream().map(m -> new Thread(() -> {
            String path = Scenarios.ENROLLMENTS + "/" + m.get("enrollment");
            while (System.nanoTime() < end) {
                send(client, authorized(path + "/courses", (String) m.get("token"), "PUT", COURSES), 200);
                send(client, authorized(path + "/exam-area", (String) m.get("token"), "PUT", EXAM_AREA), 200);
                sent.addAndGet(2);
            }
        })).toList();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        System.out.println("Warm-up enrollment steps: " + sent.get() + " steps in " + Scenarios.WARM_UP.toSeconds() + " s (not measured)");
    }

    @Override
    public void after() {
        HttpClient client = HttpClient.newBuilder().build();
        String answer = send(client, HttpRequest.newBuilder(URI.create(Scenarios.BASE + "/load/jdbc-inserts?threads=" + Scenarios.CLIENTS
                + "&seconds=" + Scenarios.MEASURE.toSeconds() + "&warmup=" + Scenarios.WARM_UP.toSeconds()))
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.noBody()).build(), 200);
        System.out.print("Raw JDBC insert+commit on the platform's database: " + answer);
        try {
            Files.writeString(Path.of(System.getProperty("kaowu.load.dir", "target/load"), "jdbc-inserts.txt"), answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpRequest authorized(String path, String token, String method, String body) {
        return HttpRequest.newBuilder(URI.create(Scenarios.BASE + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    private static String send(HttpClient client, HttpRequest request, int expected) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " " + request.uri() + ": " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String find(Pattern p, String body) {
        Matcher m = p.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("Not in the answer: " + p + " in " + body);
        }
        return m.group(1);
    }
}
