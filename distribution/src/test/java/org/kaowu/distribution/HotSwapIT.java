package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;

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
 * While 24 clients keep reading a region's rules, listing regions and looking up ticket numbers, the
 * region bundle is replaced three times through deploy/ (each new version with another fee), then a
 * policy plugin that overrides the region's fee schedule is deployed and removed three times. No request
 * may fail, and every answer must be consistent with one set of rules: all its services from one bundle
 * version, and the fee of that version, or of the plugin while it is in.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT {
    private static final int CLIENTS = 24;
    private static final int UPDATES = Integer.getInteger("kaowu.hotswap.updates", 3);
    private static final int PLUGIN_SWAPS = Integer.getInteger("kaowu.hotswap.pluginSwaps", 3);
    private static final String REGION_BUNDLE = "org.kaowu.regions.chongqing";
    private static final String PLUGIN_BUNDLE = "org.kaowu.plugins.fee-override";
    private static final double BASE_FEE = 43.0;
    private static final double PLUGIN_FEE = 25.0;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return KaowuPlatform.options(Map.of("org.kaowu.limits.cfg", KaowuPlatform.UNLIMITED));
    }

    @Test
    public void regionBundleUpdatesUnderLoadFailNoRequest() throws Exception {
        Http http = new Http(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        RestRuntime.awaitReady(context, http);
        String id = IdNumbers.next();
        Http.Answer created = http.postJson("/api/v1/regions/chongqing/candidates", Map.of("name", "刘备", "idType", "RESIDENT_ID",
                "idNumber", id, "mobile", "13600000000", "password", "Shu-han-2026"));
        assertEquals(201, created.status());
        String ticket = created.json().path("ticketNumber").asText();

        Path deploy = Path.of(context.getProperty(KaowuPlatform.HOME), "deploy");
        Path jar = KaowuPlatform.regionJar(deploy, "chongqing");
        byte[] original = Files.readAllBytes(jar);
        Path plugin = KaowuPlatform.jars(KaowuPlatform.distribution().resolve("plugins")).get(0);
        Set<String> feeSources = ConcurrentHashMap.newKeySet();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong requests = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicLong longestNanos = new AtomicLong();
        // requests sent while a region update is under way (from the new jar's move until the new version answers)
        AtomicBoolean updating = new AtomicBoolean();
        AtomicLong longestInUpdateNanos = new AtomicLong();
        AtomicLong inUpdate = new AtomicLong();
        Set<String> versions = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int kind = c % 3;
            clients.add(pool.submit(() -> {
                while (!stop.get()) {
                    boolean during = updating.get();
                    long t0 = System.nanoTime();
                    Http.Answer a = switch (kind) {
                        case 0 -> http.get("/api/v1/regions/chongqing");
                        case 1 -> http.get("/api/v1/regions");
                        default -> http.postJson("/api/v1/regions/chongqing/ticket-number-lookups", Map.of("name", "刘备", "idNumber", id));
                    };
                    longestNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    if (during) {
                        longestInUpdateNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                        inUpdate.incrementAndGet();
                    }
                    requests.incrementAndGet();
                    String problem = check(kind, a, ticket, versions, feeSources);
                    if (problem != null) {
                        failures.add(problem);
                    }
                }
                return null;
            }));
        }

        String before = http.get("/api/v1/regions/chongqing").json().path("bundleVersion").asText();
        for (int u = 1; u <= UPDATES; u++) {
            String version = "0.1.0.swap" + u;
            Path next = Files.createTempFile(deploy.getParent(), "region", ".tmp");
            Files.write(next, RegionJars.withVersionAndFee(original, version, fee(version)));
            updating.set(true);
            Files.move(next, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            RestRuntime.await("version " + version, () -> version.equals(http.get("/api/v1/regions/chongqing").json().path("bundleVersion").asText()));
            updating.set(false);
        }
        Path deployedPlugin = deploy.resolve(plugin.getFileName());
        for (int p = 1; p <= PLUGIN_SWAPS; p++) {
            Path next = Files.createTempFile(deploy.getParent(), "plugin", ".tmp");
            Files.copy(plugin, next, StandardCopyOption.REPLACE_EXISTING);
            Files.move(next, deployedPlugin, StandardCopyOption.ATOMIC_MOVE);
            RestRuntime.await("plugin in", () -> feeSource(http.get("/api/v1/regions/chongqing").json()).startsWith(PLUGIN_BUNDLE));
            Files.delete(deployedPlugin);
            RestRuntime.await("plugin out", () -> feeSource(http.get("/api/v1/regions/chongqing").json()).startsWith(REGION_BUNDLE));
        }
        Thread.sleep(1000); // keep the load on a moment after the last switch
        stop.set(true);
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdown();

        Set<String> expected = new TreeSet<>(List.of(before));
        for (int u = 1; u <= UPDATES; u++) {
            expected.add("0.1.0.swap" + u);
        }
        System.out.printf("hot swap under load: %d clients, %d region updates, %d policy plugin swaps, %d requests, %d errors, longest pause %d ms, "
                + "longest of the %d requests sent during a region update %d ms, versions seen %s, fee schedules seen %s%n", CLIENTS, UPDATES,
                PLUGIN_SWAPS, requests.get(), failures.size(), longestNanos.get() / 1_000_000, inUpdate.get(),
                longestInUpdateNanos.get() / 1_000_000, new TreeSet<>(versions), new TreeSet<>(feeSources));
        assertTrue("failed requests: " + failures.subList(0, Math.min(5, failures.size())), failures.isEmpty());
        assertTrue("answers came only from the old or a new version: " + versions, expected.containsAll(versions));
        assertTrue("the newest version served: " + versions, versions.contains("0.1.0.swap" + UPDATES));
        assertTrue("the plugin's fees were served: " + feeSources, feeSources.stream().anyMatch(f -> f.startsWith(PLUGIN_BUNDLE)));
    }

    /** The per-course fee each region version carries: the original's, then one more per update. */
    private static double fee(String version) {
        return version.startsWith("0.1.0.swap") ? BASE_FEE + Integer.parseInt(version.substring("0.1.0.swap".length())) : BASE_FEE;
    }

    private static String feeSource(JsonNode region) {
        return region.path("providers").path("FeeSchedule").asText();
    }

    private static double perCourse(JsonNode region) {
        for (JsonNode item : region.path("fees").path("items")) {
            if ("per-course".equals(item.path("code").asText())) {
                return item.path("amount").asDouble();
            }
        }
        return Double.NaN;
    }

    /** @return what is wrong with an answer, or null */
    private static String check(int kind, Http.Answer a, String ticket, Set<String> versions, Set<String> feeSources) {
        if (a.status() != 200) {
            return a.toString();
        }
        JsonNode json = a.json();
        switch (kind) {
            case 0 -> {
                if (!"chongqing".equals(json.path("code").asText()) || json.path("ticketNumber").path("length").asInt() != 12) {
                    return "inconsistent profile: " + a.body();
                }
                String version = json.path("bundleVersion").asText();
                String own = REGION_BUNDLE + " " + version;
                var providers = json.path("providers").fields();
                while (providers.hasNext()) {
                    var p = providers.next();
                    if (!p.getKey().equals("FeeSchedule") && !own.equals(p.getValue().asText())) {
                        return "rules of two versions in one answer: " + json.path("providers");
                    }
                }
                String source = feeSource(json);
                double expected = source.startsWith(PLUGIN_BUNDLE) ? PLUGIN_FEE : own.equals(source) ? fee(version) : Double.NaN;
                if (perCourse(json) != expected) {
                    return "fee " + perCourse(json) + " is not that of " + source + " (version " + version + ")";
                }
                versions.add(version);
                feeSources.add(source);
            }
            case 1 -> {
                JsonNode cq = null;
                for (JsonNode r : json) {
                    if ("chongqing".equals(r.path("code").asText())) {
                        cq = r;
                    }
                }
                if (json.size() != 3 || cq == null) {
                    return "region missing from the list: " + a.body();
                }
                versions.add(cq.path("bundleVersion").asText());
            }
            default -> {
                if (!ticket.equals(json.path("ticketNumber").asText())) {
                    return "wrong ticket: " + a.body();
                }
            }
        }
        return null;
    }
}
