package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
 * The region kit end to end, as the README tells an authority to use it: generate a region project from
 * the archetype with one command, build it (its own test validates the data files), drop the jar into a
 * running platform's deploy/, and see the region listed and registering candidates. Needs the archetype
 * in the local Maven repository, which the README's test command (mvn install) puts there first.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RegionKitIT {
    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return KaowuPlatform.options();
    }

    @Test
    public void aGeneratedRegionBuildsDeploysAndServes() throws Exception {
        Path work = Files.createTempDirectory("kaowu-kit");
        String version = System.getProperty("kaowu.version");
        mvn(work, "org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate", "-DarchetypeGroupId=org.kaowu",
                "-DarchetypeArtifactId=kaowu-region-archetype", "-DarchetypeVersion=" + version, "-DgroupId=org.example",
                "-DartifactId=kaowu-region-kitland", "-Dversion=1.0.0", "-Dpackage=org.example.kitland", "-DregionCode=kitland",
                "-DregionNameZh=样例省", "-DregionNameEn=Kitland", "-DinteractiveMode=false");
        Path project = work.resolve("kaowu-region-kitland");
        assertTrue(Files.isRegularFile(project.resolve("src/main/resources/kaowu-region/calendar.json")));
        String build = mvn(project, "verify");
        assertTrue("the generated test ran:\n" + build, Files.isRegularFile(project.resolve("target/surefire-reports/TEST-org.example.kitland.RegionDataTest.xml")));
        Path jar = project.resolve("target/kaowu-region-kitland-1.0.0.jar");
        assertTrue(Files.isRegularFile(jar));

        Http http = new Http(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        RestRuntime.awaitReady(context, http);
        Path deploy = Path.of(context.getProperty(KaowuPlatform.HOME), "deploy");
        Path tmp = Files.createTempFile(deploy.getParent(), "kit", ".tmp");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, deploy.resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        RestRuntime.await("kitland listed", () -> http.get("/api/v1/regions").body().contains("\"kitland\""));

        JsonNode kitland = http.get("/api/v1/regions/kitland").json();
        assertEquals("Kitland", kitland.path("names").path("en").asText());
        assertEquals("样例省", kitland.path("names").path("zh-CN").asText());
        assertEquals("org.example.kitland", kitland.path("bundle").asText());
        assertEquals(12, kitland.path("ticketNumber").path("length").asInt());
        JsonNode sitting = http.get("/api/v1/regions/kitland/sittings/2027-04").json();
        assertEquals("2027-04-10-am", sitting.path("sessions").path(0).path("id").asText());
        assertEquals("03708", sitting.path("sessions").path(0).path("courses").path(0).asText());
        Http.Answer created = http.postJson("/api/v1/regions/kitland/candidates", Map.of("name", "样例", "idType", "RESIDENT_ID",
                "idNumber", IdNumbers.next(), "mobile", "13700000000", "password", "Kit-Region-2027"));
        assertEquals(created.toString(), 201, created.status());
        assertEquals(12, created.json().path("ticketNumber").asText().length());
        // the generated region's assistance-units.json is served: its unit is known, any other refused
        Map<String, Object> viaUnit = new java.util.HashMap<>(Map.of("name", "样例", "idType", "RESIDENT_ID", "idNumber", IdNumbers.next(),
                "mobile", "13700000001", "password", "Kit-Region-2027", "assistanceUnit", "990102-ZX01"));
        Http.Answer unit = http.postJson("/api/v1/regions/kitland/candidates", viaUnit);
        assertEquals(unit.toString(), 201, unit.status());
        viaUnit.put("idNumber", IdNumbers.next());
        viaUnit.put("assistanceUnit", "990102-ZX02");
        Http.Answer unknown = http.postJson("/api/v1/regions/kitland/candidates", viaUnit);
        assertEquals(unknown.toString(), 400, unknown.status());
        assertEquals("ASSISTANCE_UNIT_NOT_FOUND", unknown.json().path("code").asText());
    }

    /** Runs Maven in {@code dir} with the build's local repository; fails with its output if it fails. */
    private static String mvn(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-ntp"));
        String repo = System.getProperty("kaowu.maven.repo.local");
        if (repo != null && !repo.isBlank()) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        command.addAll(List.of(args));
        Path log = Files.createTempFile("kaowu-kit-mvn", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("mvn " + String.join(" ", args) + " took more than 5 minutes");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("mvn " + String.join(" ", args) + " failed (is the archetype installed? the README's test command "
                    + "is mvn -B install):\n" + output.substring(Math.max(0, output.length() - 4000)));
        }
        return output;
    }
}
