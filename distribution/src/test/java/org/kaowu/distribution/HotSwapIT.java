package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

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
 * The region bundle is replaced three times, through deploy/ as an authority would, while 24 clients
 * keep reading its profile, listing regions and looking up ticket numbers: no request may fail, and every
 * answer names one bundle version, the old or the new one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT {
    private static final int CLIENTS = 24;
    private static final int UPDATES = Integer.getInteger("kaowu.hotswap.updates", 3);

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return KaowuPlatform.options(Map.of("org.kaowu.rest.lookups.cfg", "perAddress=100000000\nperIdNumber=100000000\n"));
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
        Path jar = KaowuPlatform.jars(deploy).get(0);
        byte[] original = Files.readAllBytes(jar);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong requests = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicLong longestNanos = new AtomicLong();
        Set<String> versions = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int kind = c % 3;
            clients.add(pool.submit(() -> {
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    Http.Answer a = switch (kind) {
                        case 0 -> http.get("/api/v1/regions/chongqing");
                        case 1 -> http.get("/api/v1/regions");
                        default -> http.postJson("/api/v1/regions/chongqing/ticket-number-lookups", Map.of("name", "刘备", "idNumber", id));
                    };
                    longestNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    requests.incrementAndGet();
                    String problem = check(kind, a, ticket, versions);
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
            Files.write(next, withVersion(original, version));
            Files.move(next, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            RestRuntime.await("version " + version, () -> version.equals(http.get("/api/v1/regions/chongqing").json().path("bundleVersion").asText()));
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
        System.out.printf("hot update under load: %d clients, %d bundle updates, %d requests, %d errors, longest pause %d ms, versions seen %s%n",
                CLIENTS, UPDATES, requests.get(), failures.size(), longestNanos.get() / 1_000_000, new TreeSet<>(versions));
        assertTrue("failed requests: " + failures.subList(0, Math.min(5, failures.size())), failures.isEmpty());
        assertTrue("answers came only from the old or a new version: " + versions, expected.containsAll(versions));
        assertTrue("the newest version served: " + versions, versions.contains("0.1.0.swap" + UPDATES));
    }

    /** @return what is wrong with an answer, or null */
    private static String check(int kind, Http.Answer a, String ticket, Set<String> versions) {
        if (a.status() != 200) {
            return a.toString();
        }
        JsonNode json = a.json();
        switch (kind) {
            case 0 -> {
                if (!"chongqing".equals(json.path("code").asText()) || json.path("ticketNumber").path("length").asInt() != 12) {
                    return "inconsistent profile: " + a.body();
                }
                versions.add(json.path("bundleVersion").asText());
            }
            case 1 -> {
                if (json.size() != 1 || !"chongqing".equals(json.get(0).path("code").asText())) {
                    return "region missing from the list: " + a.body();
                }
                versions.add(json.get(0).path("bundleVersion").asText());
            }
            default -> {
                if (!ticket.equals(json.path("ticketNumber").asText())) {
                    return "wrong ticket: " + a.body();
                }
            }
        }
        return null;
    }

    /** The same bundle with another Bundle-Version, as a new build of the region would be. */
    private static byte[] withVersion(byte[] jar, String version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (JarOutputStream o = new JarOutputStream(out, manifest)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    o.putNextEntry(new JarEntry(e.getName()));
                    copy(in, o);
                    o.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }

    private static void copy(InputStream in, java.io.OutputStream out) throws IOException {
        in.transferTo(out);
    }
}
