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
 * Jetty (the HTTP limit of this machine), measured in one run. Not part of the test suite:
 * {@code mvn -B verify -pl distribution -Pbenchmark} (after an install). Prints a table; asserts no
 * times, only that requests succeeded.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KaowuBenchmark {
    private static final int CLIENTS = Integer.getInteger("kaowu.bench.clients", 16);
    private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("kaowu.bench.warmup", 5));
    private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("kaowu.bench.seconds", 15));

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        // The lookup limits protect personal data; here they would only measure themselves.
        return KaowuPlatform.options(java.util.Map.of("org.kaowu.limits.cfg", KaowuPlatform.UNLIMITED));
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

    private static HttpRequest json(String uri, String body) {
        return HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }
}
