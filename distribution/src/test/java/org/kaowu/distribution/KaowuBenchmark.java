package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.inject.Inject;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Throughput and latency of Kaowu's endpoints against a bare servlet in the same JVM and the same
 * Jetty (the HTTP limit of this machine), measured in one run; then enrollment (a Chongqing candidate's
 * whole sequence: create, majors, courses, exam area, payment method, pay, paid on the simulator's page
 * with its callback at once, until the enrollment reads PAID) against a raw JDBC insert-and-commit loop
 * on the same database (the platform's Derby) in the same run. Not part of the test suite:
 * {@code mvn -B verify -pl distribution -Pbenchmark} (after an install). Prints two tables; asserts no
 * times, only that requests succeeded.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KaowuBenchmark {
    private static final int CLIENTS = Integer.getInteger("kaowu.bench.clients", 16);
    private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("kaowu.bench.warmup", 5));
    private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("kaowu.bench.seconds", 15));
    /** Enrollment sequences measured, after a tenth as many to warm up. */
    private static final int ENROLLMENTS = Integer.getInteger("kaowu.bench.enrollments", 320);
    /** Chongqing's April 2027 window is open at noon on 1 March 2027 (China), and Chongqing has no daily lock. */
    private static final String ENROLLMENT_OPEN = "2027-03-01T04:00:00Z";
    /** HTTP requests the server handles per enrollment: six steps, the pay page's form, the gateway's callback (status reads not counted). */
    private static final int REQUESTS_PER_ENROLLMENT = 8;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        // The lookup limits protect personal data; here they would only measure themselves.
        return KaowuPlatform.options(java.util.Map.of("org.kaowu.limits.cfg", KaowuPlatform.UNLIMITED,
                "org.kaowu.clock.cfg", "movedTo=" + ENROLLMENT_OPEN + "\n",
                "org.kaowu.plugins.paymentsim.cfg", "callbackDelayMillis=0\ncallbackDelaySpreadMillis=0\nduplicateProbability=0\n"
                        + "outOfOrderProbability=0\ndropProbability=0\nretryDelayMillis=100\n"));
    }

    /** The baseline: a constant answer, through the same Jetty and servlet whiteboard. */
    static final class Constant extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final byte[] BODY = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.setContentLength(BODY.length);
            response.getOutputStream().write(BODY);
        }
    }

    @Test
    public void measure() throws Exception {
        int port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        Http http = new Http(port);
        RestRuntime.awaitReady(context, http);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", "/bench/constant");
        ServiceRegistration<Servlet> bare = context.registerService(Servlet.class, new Constant(), props);
        try {
            RestRuntime.await("bare servlet", () -> http.get("/bench/constant").status() == 200);
            String base = "http://127.0.0.1:" + port;

            // Candidates to look up: registered through the API like any other.
            List<String[]> known = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String id = IdNumbers.next();
                String name = "考生" + (char) ('甲' + i % 10);
                Http.Answer a = http.postJson("/api/v1/regions/chongqing/candidates", java.util.Map.of("name", name,
                        "idType", "RESIDENT_ID", "idNumber", id, "mobile", "13800138000", "password", "Bench-2026x"));
                assertEquals(a.toString(), 201, a.status());
                known.add(new String[] {name, id});
            }

            Load load = new Load();
            List<Load.Result> results = new ArrayList<>();
            Load.Result baseline = load.run("bare servlet GET (baseline)", CLIENTS, WARM_UP, MEASURE,
                    () -> HttpRequest.newBuilder(URI.create(base + "/bench/constant")).GET().build(), s -> s == 200);
            results.add(baseline);
            results.add(load.run("GET /api/v1/regions", CLIENTS, WARM_UP, MEASURE,
                    () -> HttpRequest.newBuilder(URI.create(base + "/api/v1/regions")).GET().build(), s -> s == 200));
            results.add(load.run("POST ticket-number-lookups", CLIENTS, WARM_UP, MEASURE, () -> {
                String[] c = known.get(ThreadLocalRandom.current().nextInt(known.size()));
                // each lookup answers a human check as the portal does (asked and solved here, before the request is timed)
                return HttpRequest.newBuilder(json(base + "/api/v1/regions/chongqing/ticket-number-lookups",
                        "{\"name\":\"" + c[0] + "\",\"idNumber\":\"" + c[1] + "\"}"), (n, v) -> true)
                        .header("Kaowu-Human-Check", http.humanCheck("chongqing", "LOOKUP")).build();
            }, s -> s == 200));
            results.add(load.run("POST candidates (bcrypt cost 10)", CLIENTS, WARM_UP, MEASURE,
                    () -> json(base + "/api/v1/regions/chongqing/candidates", "{\"name\":\"考生\",\"idType\":\"RESIDENT_ID\",\"idNumber\":\""
                            + IdNumbers.next() + "\",\"mobile\":\"13800138000\",\"password\":\"Bench-2026x\"}"),
                    s -> s == 201));

            String table = "Kaowu benchmark: " + CLIENTS + " concurrent clients, " + WARM_UP.toSeconds() + " s warm-up, "
                    + MEASURE.toSeconds() + " s measured per scenario, " + Runtime.getRuntime().availableProcessors()
                    + " CPUs, Java " + System.getProperty("java.version") + "\n" + Load.table(results, baseline);
            table += "\n" + enrollmentAgainstRawJdbc(http, base);
            System.out.println();
            System.out.println(table);
            Files.writeString(Path.of(System.getProperty(KaowuPlatform.HOME), "benchmark.txt"), table);
            for (Load.Result r : results) {
                assertEquals(r.name() + " had failed requests", 0, r.errors());
            }
        } finally {
            bare.unregister();
        }
    }

    /**
     * Enrollment sequences against a raw JDBC insert-and-commit loop on the platform's own database, in this run:
     * the second table. Candidates are registered and logged in beforehand (not measured).
     */
    private String enrollmentAgainstRawJdbc(Http http, String base) throws Exception {
        RestRuntime.await("the payment simulator", () -> context.getServiceReference(org.kaowu.spi.PaymentGateway.class) != null);
        int warmUp = Math.max(CLIENTS, ENROLLMENTS / 10);
        java.util.concurrent.BlockingQueue<String> tokens = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(CLIENTS);
        try {
            List<java.util.concurrent.Future<String>> made = new ArrayList<>();
            for (int i = 0; i < warmUp + ENROLLMENTS; i++) {
                made.add(pool.submit(() -> {
                    String id = IdNumbers.next();
                    Http.Answer a = http.postJson("/api/v1/regions/chongqing/candidates", java.util.Map.of("name", "报考生", "idType", "RESIDENT_ID",
                            "idNumber", id, "mobile", "13800138000", "password", "Bench-2026x", "office", "500103"));
                    assertEquals(a.toString(), 201, a.status());
                    Http.Answer login = http.postJson("/api/v1/regions/chongqing/sessions", java.util.Map.of("login", id, "password", "Bench-2026x"));
                    assertEquals(login.toString(), 201, login.status());
                    return login.json().path("token").asText();
                }));
            }
            for (var f : made) {
                tokens.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Flows warm = enrollments(http, base, tokens, warmUp);
        assertEquals("warm-up enrollments failed", 0, warm.errors);
        READS.set(0);
        Flows flows = enrollments(http, base, tokens, ENROLLMENTS);
        long reads = READS.get();
        Load.Result raw = rawInserts();

        double flowsPerSecond = flows.latencies.length / flows.seconds;
        String t = "Enrollment against raw JDBC on the same database (" + ENROLLMENTS + " enrollments of Chongqing's 2027-04 sitting, "
                + CLIENTS + " clients; " + MEASURE.toSeconds() + " s of inserts, " + CLIENTS + " threads, one connection each)\n";
        t += String.format("%-44s %9s %7s %10s %9s %9s %9s %10s%n", "scenario", "count", "errors", "per s", "p50 ms", "p99 ms", "max ms", "ratio");
        t += String.format("%-44s %9d %7d %10.1f %9.2f %9.2f %9.2f %10s%n", "raw JDBC INSERT + COMMIT (baseline)", raw.requests(), raw.errors(),
                raw.perSecond(), raw.p50Ms(), raw.p99Ms(), raw.maxMs(), "(baseline)");
        t += String.format("%-44s %9d %7d %10.1f %9.2f %9.2f %9.2f %10.4f%n", "enrollment, create to PAID (whole sequence)", flows.latencies.length,
                flows.errors, flowsPerSecond, Flows.percentile(flows.latencies, 0.50), Flows.percentile(flows.latencies, 0.99),
                Flows.percentile(flows.latencies, 1.0), flowsPerSecond / raw.perSecond());
        t += String.format("%-44s %9d %7d %10.1f %9s %9s %9s %10.4f%n", "  its HTTP requests (" + REQUESTS_PER_ENROLLMENT + " per enrollment)",
                (long) flows.latencies.length * REQUESTS_PER_ENROLLMENT, flows.errors, flowsPerSecond * REQUESTS_PER_ENROLLMENT, "", "", "",
                flowsPerSecond * REQUESTS_PER_ENROLLMENT / raw.perSecond());
        t += String.format("  (besides: %d status reads, %.1f per enrollment, while waiting for the callback, polled every 10 ms)%n", reads,
                (double) reads / Math.max(1, flows.latencies.length));
        assertEquals("enrollments failed", 0, flows.errors);
        assertEquals("raw inserts failed", 0, raw.errors());
        return t;
    }

    /** What a run of enrollment sequences did: each sequence's time (ms, sorted), failures, wall time. */
    private record Flows(double[] latencies, long errors, double seconds) {
        static double percentile(double[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }
    }

    /** {@code n} enrollment sequences, CLIENTS at a time, each by a candidate of {@code tokens}: create to PAID. */
    private Flows enrollments(Http http, String base, java.util.concurrent.BlockingQueue<String> tokens, int n) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(CLIENTS);
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(n);
        List<double[]> all = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicLong errors = new java.util.concurrent.atomic.AtomicLong();
        long start = System.nanoTime();
        try {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        String token = tokens.poll();
                        long t0 = System.nanoTime();
                        boolean ok;
                        try {
                            ok = enroll(http, token);
                        } catch (Exception | AssertionError e) {
                            ok = false;
                        }
                        if (ok) {
                            all.add(new double[] {(System.nanoTime() - t0) / 1e6});
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (var f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] sorted = all.stream().mapToDouble(a -> a[0]).sorted().toArray();
        return new Flows(sorted, errors.get(), seconds);
    }

    /** Status reads while enrollments wait for their callback (every 10 ms), counted apart from the enrollments' requests. */
    private static final java.util.concurrent.atomic.AtomicLong READS = new java.util.concurrent.atomic.AtomicLong();

    /** One candidate's whole enrollment: the five steps, pay, the simulator's pay page, then waits for PAID (the callback). */
    private static boolean enroll(Http http, String token) throws Exception {
        String mine = "/api/v1/regions/chongqing/candidates/me/enrollments";
        Http.Answer created = http.bearer("POST", mine, token, java.util.Map.of("sitting", "2027-04"));
        if (created.status() != 201) {
            throw new AssertionError(created.toString());
        }
        String one = mine + "/" + created.json().path("id").asText();
        List<java.util.Map<String, String>> courses = new ArrayList<>();
        for (String c : new String[] {"03708", "03709", "00015", "00023"}) {
            courses.add(java.util.Map.of("major", "080901", "course", c));
        }
        if (http.bearer("PUT", one + "/majors", token, java.util.Map.of("majors", List.of("080901"))).status() != 200
                || http.bearer("PUT", one + "/courses", token, java.util.Map.of("courses", courses)).status() != 200
                || http.bearer("PUT", one + "/exam-area", token, java.util.Map.of("examArea", "500103")).status() != 200
                || http.bearer("PUT", one + "/payment-method", token, java.util.Map.of("method", "ONLINE")).status() != 200) {
            return false;
        }
        Http.Answer order = http.bearer("POST", one + "/payments", token, java.util.Map.of());
        if (order.status() != 201) {
            return false;
        }
        if (http.post(order.json().path("payUrl").asText(), "application/x-www-form-urlencoded", "action=pay").status() != 200) {
            return false;
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            READS.incrementAndGet();
            if (http.bearer("GET", one, token, null).json().path("status").asText().equals("PAID")) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** CLIENTS threads, one connection each, inserting one row and committing, for WARM_UP then MEASURE, in the platform's Derby database. */
    private Load.Result rawInserts() throws Exception {
        org.apache.derby.jdbc.EmbeddedDataSource ds = new org.apache.derby.jdbc.EmbeddedDataSource();
        ds.setDatabaseName(Path.of(context.getProperty("kaowu.data"), "derby", "kaowu").toAbsolutePath().toString());
        RawInserts.Result r = RawInserts.run(ds, "bench_raw_insert", CLIENTS, WARM_UP, MEASURE);
        return new Load.Result("raw JDBC", r.rows(), r.errors(), r.seconds(), r.p50Ms(), r.p99Ms(), r.maxMs());
    }

    private static HttpRequest json(String uri, String body) {
        return HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }
}
