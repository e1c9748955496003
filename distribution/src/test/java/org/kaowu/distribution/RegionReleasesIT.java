package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

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
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Region updates checked against what the database holds, on the real platform through deploy/: an
 * update that drops an office a candidate and a staff account are registered at is refused with the
 * count, and the version before it keeps serving; a bundle whose data changed under the same
 * Bundle-Version is refused; an update that keeps every code in use serves.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RegionReleasesIT {
    private static final String ADMIN_PASSWORD = "Admin-Secret-2026";
    private static final String BSN = "org.example.lakeland";
    /** A county office of the Chongqing data that is neither the default office nor named elsewhere but by its exam area. */
    private static final String OFFICE = "500113";
    private static final ObjectMapper JSON = new ObjectMapper();

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

    @Test
    public void updatesThatWouldStrandCandidatesOrRewriteAVersionAreRefusedAndTheOldVersionServes() throws Exception {
        byte[] chongqing = Files.readAllBytes(KaowuPlatform.regionJar(home.resolve("deploy"), "chongqing"));
        Path jar = home.resolve("deploy").resolve("lakeland.jar");
        Path log = home.resolve("logs/kaowu.log");
        try {
            drop(RegionJars.derive(chongqing, "lakeland", BSN, "1.0.0", Map.of()), jar);
            RestRuntime.await("lakeland 1.0.0 served", () -> "1.0.0".equals(version()));
            double fee = perCourse();

            Http.Answer registered = http.postJson("/api/v1/regions/lakeland/candidates", candidate(OFFICE));
            assertEquals(registered.toString(), 201, registered.status());
            http.staff(ADMIN_PASSWORD, "lakeland-clerk", "COUNTY_OFFICE", "lakeland", OFFICE);

            // 1.0.1 drops the office (and its exam area): one candidate and one staff account would be stranded
            drop(RegionJars.derive(chongqing, "lakeland", BSN, "1.0.1", Map.of(
                    "kaowu-region/offices.json", without("offices", OFFICE),
                    "kaowu-region/exam-areas.json", without("examAreas", OFFICE))), jar);
            String refusal = awaitRefusal(log, "1.0.1");
            assertTrue(refusal, refusal.contains("ERROR"));
            assertTrue(refusal, refusal.contains("Region lakeland from " + BSN + " 1.0.1 refused: its data no longer list 1 code still in use: "
                    + "office " + OFFICE + " (1 candidate, 1 staff account)"));
            RestRuntime.await("1.0.0 serving again", () -> "1.0.0".equals(version()));
            JsonNode served = region();
            assertTrue("the office is still served: " + served.path("offices"), codes(served.path("offices")).contains(OFFICE));
            assertEquals(201, http.postJson("/api/v1/regions/lakeland/candidates", candidate(OFFICE)).status());

            // 1.0.0 again, with another fee: the rules of a version must not change under it
            drop(RegionJars.derive(chongqing, "lakeland", BSN, "1.0.0", Map.of("kaowu-region/fees.json", moreExpensive())), jar);
            refusal = awaitRefusal(log, "1.0.0");
            assertTrue(refusal, refusal.contains("Region lakeland from " + BSN + " 1.0.0 refused: its data differ from those version 1.0.0 "
                    + "served before"));
            assertTrue(refusal, refusal.contains("changed rules need a new Bundle-Version"));
            RestRuntime.await("1.0.0 serving again", () -> "1.0.0".equals(version()));
            assertEquals(fee, perCourse(), 0.0);

            // the same change as 1.0.2 serves: nothing in use is dropped, and the version is new
            drop(RegionJars.derive(chongqing, "lakeland", BSN, "1.0.2", Map.of("kaowu-region/fees.json", moreExpensive())), jar);
            RestRuntime.await("lakeland 1.0.2 served", () -> "1.0.2".equals(version()));
            assertEquals(fee + 1, perCourse(), 0.0);
            System.out.printf("region releases: refused with the count (%s), old version kept serving; same version changed refused%n",
                    "office " + OFFICE);
        } finally {
            Files.deleteIfExists(jar);
        }
    }

    private JsonNode region() {
        Http.Answer a = http.get("/api/v1/regions/lakeland");
        assertEquals(a.toString(), 200, a.status());
        return a.json();
    }

    private String version() {
        Http.Answer a = http.get("/api/v1/regions/lakeland");
        return a.status() == 200 ? a.json().path("bundleVersion").asText() : null;
    }

    private double perCourse() {
        for (JsonNode f : region().path("fees").path("items")) {
            if ("per-course".equals(f.path("code").asText())) {
                return f.path("amount").asDouble();
            }
        }
        throw new AssertionError("no per-course fee in " + region().path("fees"));
    }

    private static UnaryOperator<String> moreExpensive() {
        return text -> {
            try {
                ObjectNode root = (ObjectNode) JSON.readTree(text);
                for (JsonNode f : root.path("fees")) {
                    if ("per-course".equals(f.path("code").asText())) {
                        ((ObjectNode) f).put("amount", f.path("amount").asDouble() + 1);
                    }
                }
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** The file without the element of list {@code field} whose code is {@code code}. */
    private static UnaryOperator<String> without(String field, String code) {
        return text -> {
            try {
                ObjectNode root = (ObjectNode) JSON.readTree(text);
                ArrayNode list = (ArrayNode) root.path(field);
                for (int i = list.size() - 1; i >= 0; i--) {
                    if (code.equals(list.get(i).path("code").asText())) {
                        list.remove(i);
                    }
                }
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static Map<String, Object> candidate(String office) {
        Map<String, Object> m = new LinkedHashMap<>();
        String id = IdNumbers.next();
        m.put("name", "李清照");
        m.put("idType", "RESIDENT_ID");
        m.put("idNumber", id);
        m.put("mobile", "13900000000");
        m.put("password", "Exam-Season-2026");
        m.put("office", office);
        return m;
    }

    private static List<String> codes(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(n.path("code").asText()));
        return result;
    }

    private static void drop(byte[] jar, Path target) throws Exception {
        Path tmp = Files.createTempFile(target.getParent().getParent(), "drop", ".tmp");
        Files.write(tmp, jar);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The newest refusal of lakeland {@code version}, waited for. */
    private static String awaitRefusal(Path log, String version) throws Exception {
        String[] line = new String[1];
        RestRuntime.await("refusal of lakeland " + version + " logged", () -> (line[0] = refusal(log, version)) != null);
        return line[0];
    }

    /** Refusal lines already returned: a later refusal of the same version must be a new line. */
    private static final java.util.Set<String> SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static String refusal(Path log, String version) {
        try {
            for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (l.contains("Region lakeland from " + BSN + " " + version + " refused") && SEEN.add(l)) {
                    return l;
                }
            }
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
