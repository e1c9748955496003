package org.kaowu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

class MainTest {
    @Test
    void variablesResolveThroughOtherVariables() {
        Map<String, String> values = Map.of("kaowu.home", "/opt/kaowu", "kaowu.data", "${kaowu.home}/data");
        assertThat(Main.substitute("${kaowu.data}/felix-cache", values)).isEqualTo("/opt/kaowu/data/felix-cache");
    }

    @Test
    void undefinedAndCyclicVariablesAreErrors() {
        assertThatThrownBy(() -> Main.substitute("${nowhere.defined}/x", Map.of())).hasMessageContaining("nowhere.defined");
        assertThatThrownBy(() -> Main.substitute("${a}", Map.of("a", "${b}", "b", "${a}"))).hasMessageContaining("refer to themselves");
    }

    @Test
    void theShippedConfigurationResolvesCompletely(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.copy(Path.of("src/main/kaowu/conf/config.properties"), home.resolve("conf/config.properties"));
        Map<String, String> config = Main.configuration(home);
        assertThat(config.values()).noneMatch(v -> v.contains("${"));
        assertThat(config.get("org.osgi.framework.storage")).isEqualTo(home.toAbsolutePath() + "/data/felix-cache");
    }

    /** The weaver does not see the unwoven bundles (neither listed nor told of their events); every other bundle sees them. */
    @Test
    void unwovenBundlesAreHiddenFromTheWeaverOnly(@TempDir Path dir) throws Exception {
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow()
                .newFramework(Map.of("org.osgi.framework.storage", dir.resolve("cache").toString()));
        framework.start();
        try {
            BundleContext system = framework.getBundleContext();
            Main.hideFromWeaver(system, "test.weaver", List.of("test.hidden"));
            Bundle weaver = system.installBundle(bundle(dir, "test.weaver").toUri().toString());
            Bundle other = system.installBundle(bundle(dir, "test.other").toUri().toString());
            Bundle hidden = system.installBundle(bundle(dir, "test.hidden").toUri().toString());
            weaver.start();
            List<String> events = new ArrayList<>();
            weaver.getBundleContext().addBundleListener(e -> events.add(e.getBundle().getSymbolicName()));
            other.start();
            hidden.start();

            assertThat(Arrays.stream(weaver.getBundleContext().getBundles()).map(Bundle::getSymbolicName))
                    .contains("test.weaver", "test.other").doesNotContain("test.hidden");
            assertThat(events).contains("test.other").doesNotContain("test.hidden");
            assertThat(Arrays.stream(other.getBundleContext().getBundles()).map(Bundle::getSymbolicName)).contains("test.hidden");
            assertThat(Arrays.stream(system.getBundles()).map(Bundle::getSymbolicName)).contains("test.hidden");
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    private static Path bundle(Path dir, String name) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", name);
        Path jar = dir.resolve(name + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // a manifest is all a bundle needs
        }
        return jar;
    }
}
