package org.kaowu.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation, deploy and rollback of bundles on real files, with the platform's offer of capabilities faked. */
class DeploymentsTest {
    /** The region-data module's sample region, read by the same reader the platform uses. */
    private static final Path TESTLAND = Path.of("../region-data/src/test/resources/testland/kaowu-region");

    @TempDir
    Path home;

    private Deployments deployments(String... offeredPackages) {
        return new Deployments(home.resolve("deploy"), home.resolve("plugins"), home.resolve("data/console/previous"),
                r -> !r.namespace().equals("osgi.wiring.package") || java.util.Arrays.stream(offeredPackages).anyMatch(p -> r.filter().contains("=" + p + ")")),
                bsn -> bsn.equals("org.kaowu.store"));
    }

    private Path plugin(String name, String version, String provides) throws IOException {
        return jar(home.resolve("uploads").resolve(name + "-" + version + ".jar"), Map.of("Bundle-SymbolicName", name, "Bundle-Version", version,
                "Import-Package", "org.kaowu.api;version=\"[1.2,2)\",org.kaowu.spi;version=\"[1.1,2)\"",
                "Provide-Capability", "osgi.service;objectClass:List<String>=\"" + provides + "\";uses:=\"org.kaowu.spi\"",
                "Service-Component", "OSGI-INF/x.xml"), Map.of());
    }

    private Path region(String name, String version, Map<String, String> data) throws IOException {
        return jar(home.resolve("uploads").resolve(name + "-" + version + ".jar"), Map.of("Bundle-SymbolicName", name, "Bundle-Version", version,
                "Kaowu-Region", "testland"), data);
    }

    private static Map<String, String> testland() throws IOException {
        Map<String, String> files = new java.util.HashMap<>();
        try (var s = Files.list(TESTLAND)) {
            for (Path f : s.toList()) {
                files.put("kaowu-region/" + f.getFileName(), Files.readString(f));
            }
        }
        return files;
    }

    static Path jar(Path file, Map<String, String> headers, Map<String, String> entries) throws IOException {
        Files.createDirectories(file.getParent());
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        headers.forEach(m.getMainAttributes()::putValue);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, m)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return file;
    }

    @Test
    void aPluginDeclaringAnSpiWhoseImportsResolveIsValid() throws IOException {
        Deployments.Validation v = deployments("org.kaowu.api", "org.kaowu.spi").validate(plugin("org.example.fees", "1.0.0", "org.kaowu.spi.FeeSchedule"), "x.jar");
        assertThat(v.problems()).isEmpty();
        assertThat(v.provides()).containsExactly("FeeSchedule");
        assertThat(v.region()).isEmpty();
    }

    @Test
    void aPluginIsRefusedIfAnImportIsMissingOrItProvidesNoSpi() throws IOException {
        assertThat(deployments("org.kaowu.api").validate(plugin("org.example.fees", "1.0.0", "org.kaowu.spi.FeeSchedule"), "x.jar").problems())
                .singleElement().asString().contains("package org.kaowu.spi [1.1,2)").contains("would not start");
        assertThat(deployments("org.kaowu.api", "org.kaowu.spi").validate(plugin("org.example.other", "1.0.0", "java.lang.Runnable"), "x.jar").problems())
                .singleElement().asString().contains("neither a region");
        assertThat(deployments("org.kaowu.api", "org.kaowu.spi").validate(plugin("org.kaowu.store", "9.0.0", "org.kaowu.spi.FeeSchedule"), "x.jar")
                .problems()).singleElement().asString().contains("platform's own bundles");
        Path notABundle = jar(home.resolve("plain.jar"), Map.of(), Map.of());
        assertThat(deployments().validate(notABundle, "plain.jar").problems()).singleElement().asString().contains("not an OSGi bundle");
    }

    @Test
    void aRegionIsReadByThePlatformsReaderAndEveryDataProblemIsNamedWithFileAndLine() throws IOException {
        Deployments.Validation good = deployments().validate(region("org.example.testland", "1.0.0", testland()), "testland.jar");
        assertThat(good.problems()).isEmpty();
        assertThat(good.region()).contains("testland");
        assertThat(good.provides()).hasSize(RegionsPlugin.SPIS.size());

        Map<String, String> broken = testland();
        broken.put("kaowu-region/fees.json", broken.get("kaowu-region/fees.json").replaceFirst("\"amount\"\\s*:\\s*\"?[0-9.]+\"?", "\"amount\": \"abc\""));
        Deployments.Validation bad = deployments().validate(region("org.example.testland", "1.0.1", broken), "testland.jar");
        assertThat(bad.valid()).isFalse();
        assertThat(bad.problems()).anySatisfy(p -> assertThat(p).startsWith("kaowu-region/fees.json line "));
    }

    @Test
    void aDeployKeepsTheJarItReplacesAndARollbackPutsItBackOrRemovesANewBundle() throws IOException {
        Deployments d = deployments("org.kaowu.api", "org.kaowu.spi");
        Files.createDirectories(home.resolve("deploy"));
        Path v1 = plugin("org.example.fees", "1.0.0", "org.kaowu.spi.FeeSchedule");
        Path v2 = plugin("org.example.fees", "2.0.0", "org.kaowu.spi.FeeSchedule");

        // a new bundle: written under its own name; its rollback removes it
        assertThat(d.deploy(v1, d.validate(v1, "fees-1.0.0.jar"), "fees-1.0.0.jar")).isEqualTo("none");
        assertThat(d.deployed()).singleElement().satisfies(x -> {
            assertThat(x.file()).isEqualTo("fees-1.0.0.jar");
            assertThat(x.rollbackTo()).contains("remove it (it replaced nothing)");
        });
        // an update: over the same file (FileInstall updates in place), the old jar kept
        assertThat(d.deploy(v2, d.validate(v2, "fees-2.0.0.jar"), "fees-2.0.0.jar")).isEqualTo("1.0.0 (fees-1.0.0.jar)");
        assertThat(d.deployed()).singleElement().satisfies(x -> {
            assertThat(x.file()).isEqualTo("fees-1.0.0.jar");
            assertThat(x.version()).isEqualTo("2.0.0");
            assertThat(x.rollbackTo()).contains("version 1.0.0 (fees-1.0.0.jar)");
        });
        assertThat(d.rollback("org.example.fees")).isEqualTo("restored org.example.fees 1.0.0 (fees-1.0.0.jar)");
        assertThat(d.deployed()).singleElement().satisfies(x -> {
            assertThat(x.version()).isEqualTo("1.0.0");
            assertThat(x.rollbackTo()).isEmpty();
        });
        assertThat(Deployments.jars(home.resolve("deploy"))).hasSize(1);
        try (var files = Files.list(home.resolve("deploy"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("fees-1.0.0.jar");
        }
    }

    @Test
    void aNewBundlesRollbackRemovesIt() throws IOException {
        Deployments d = deployments("org.kaowu.api", "org.kaowu.spi");
        Files.createDirectories(home.resolve("deploy"));
        Path v1 = plugin("org.example.fees", "1.0.0", "org.kaowu.spi.FeeSchedule");
        d.deploy(v1, d.validate(v1, "../../etc/evil.jar"), "../../etc/evil.jar");
        assertThat(d.deployed()).singleElement().extracting(Deployments.Deployed::file).isEqualTo("evil.jar");
        assertThat(d.rollback("org.example.fees")).isEqualTo("removed org.example.fees (evil.jar)");
        assertThat(d.deployed()).isEmpty();
        assertThat(d.rollbackTo("org.example.fees")).isEmpty();
    }
}
