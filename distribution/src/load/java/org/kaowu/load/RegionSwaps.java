package org.kaowu.load;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operator's side of {@link HotSwapSimulation}: replaces Xinjiang's region bundle in the running
 * platform's deploy/ (FileInstall updates the bundle in place, as README "Regions" tells operators to do),
 * each time with a new build: the same data under another Bundle-Version ({@code <major.minor.micro>.hotswapNN}),
 * with the per-course fee raised by NN, and the last time with the original fee again (under a new version,
 * since the rules changed back). The new jar is written beside deploy/ and moved over the old one atomically,
 * so FileInstall never reads half a file. Each swap counts from the move until the region answers with the
 * new version; while one is under way, {@link #swapping()} is true (and for a moment after, for the requests
 * then in flight).
 */
final class RegionSwaps {
    private static final String REGION = "xinjiang";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TAIL = Duration.ofMillis(300);

    private final int count;
    private final Duration every;
    private final Duration quiet;
    private final Path deploy = Path.of(System.getProperty("kaowu.load.dir", "target/load"), "kaowu", "deploy").toAbsolutePath();
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<String> lines = new ArrayList<>();
    /** The per-course fee each version served, by Bundle-Version. */
    private final Map<String, Double> fees = new ConcurrentHashMap<>();
    private volatile boolean swapping;
    private Thread thread;
    private volatile Exception failure;
    private int done;

    RegionSwaps(int count, Duration every, Duration quiet) {
        this.count = count;
        this.every = every;
        this.quiet = quiet;
    }

    boolean swapping() {
        return swapping;
    }

    /**
     * Starts the swaps in a thread of their own: the first after the quiet time, then one every {@code every}.
     * The deployed version and its fee are known before the first request is checked.
     */
    void start() throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(deploy)) {
            jar = files.filter(p -> p.getFileName().toString().startsWith("kaowu-region-" + REGION + "-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + REGION + " bundle in " + deploy));
        }
        byte[] original = Files.readAllBytes(jar);
        String originalVersion = version(original);
        double baseFee = org.kaowu.distribution.RegionJars.perCourseFee(original);
        fees.put(originalVersion, baseFee);
        thread = new Thread(() -> {
            try {
                run(jar, original, originalVersion, baseFee);
            } catch (Exception e) {
                failure = e;
                swapping = false;
            }
        }, "region swaps");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Path jar, byte[] original, String originalVersion, double baseFee) throws Exception {
        String[] v = originalVersion.split("\\.");
        long start = System.nanoTime();
        for (int n = 1; n <= count; n++) {
            long at = start + quiet.toNanos() + (n - 1) * every.toNanos();
            long wait = at - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000);
            }
            String version = String.format(Locale.ROOT, "%s.%s.%s.hotswap%02d", v[0], v.length > 1 ? v[1] : "0", v.length > 2 ? v[2] : "0", n);
            double fee = n < count ? baseFee + n : baseFee;
            fees.put(version, fee);
            byte[] next = org.kaowu.distribution.RegionJars.withVersionAndFee(original, version, fee);
            Path tmp = Files.createTempFile(deploy.getParent(), "region", ".tmp");
            Files.write(tmp, next);
            swapping = true;
            long t0 = System.nanoTime();
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            long deadline = t0 + Duration.ofSeconds(30).toNanos();
            while (!version.equals(servedVersion())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("version " + version + " not served 30 s after its jar was deployed");
                }
                Thread.sleep(50); // the operator's check, light beside the 16 clients
            }
            long served = System.nanoTime() - t0;
            Thread.sleep(TAIL.toMillis());
            swapping = false;
            done++;
            lines.add(String.format(Locale.ROOT, "  swap %d: %s (fee per course %.1f) served %d ms after its jar was moved into deploy/%n",
                    n, version, fee, served / 1_000_000));
        }
    }

    /** Waits for the last swap and writes hotswap.txt for the report. */
    void finish() {
        try {
            if (thread != null) {
                thread.join(Duration.ofSeconds(60).toMillis());
            }
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                    "Hot swap: %d of %d updates of the %s region bundle through deploy/ (FileInstall), %d s apart, under %d clients%s%n",
                    done, count, REGION, every.toSeconds(), Scenarios.CLIENTS, failure == null ? "" : "; FAILED: " + failure));
            lines.forEach(out::append);
            System.out.print(out);
            Files.writeString(Path.of(System.getProperty("kaowu.load.dir", "target/load"), "hotswap.txt"), out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String servedVersion() {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(Scenarios.BASE + Scenarios.XJ)).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return r.statusCode() == 200 ? JSON.readTree(r.body()).path("bundleVersion").asText() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * What is wrong with an answer of {@code GET /regions/xinjiang}, or "" when it is one version's rules:
     * every provider the region bundle of that version, the fee that version's.
     */
    static String inconsistency(String body) {
        try {
            JsonNode region = JSON.readTree(body);
            String version = region.path("bundleVersion").asText();
            if (!REGION.equals(region.path("code").asText())) {
                return "not the region: " + region.path("code");
            }
            String own = "org.kaowu.regions." + REGION + " " + version;
            for (JsonNode provider : region.path("providers")) {
                if (!own.equals(provider.asText())) {
                    return "rules of two versions in one answer: " + region.path("providers");
                }
            }
            Double expected = HotSwapSimulation.SWAPPER.fees.get(version);
            if (expected == null) {
                return "version " + version + " is neither the deployed one nor a swap's";
            }
            for (JsonNode item : region.path("fees").path("items")) {
                if ("per-course".equals(item.path("code").asText()) && item.path("amount").asDouble() != expected) {
                    return "fee " + item.path("amount") + " is not that of version " + version + " (" + expected + ")";
                }
            }
            return "";
        } catch (IOException e) {
            return "not JSON: " + e.getMessage();
        }
    }

    private static String version(byte[] jar) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            return in.getManifest().getMainAttributes().getValue("Bundle-Version");
        }
    }
}
