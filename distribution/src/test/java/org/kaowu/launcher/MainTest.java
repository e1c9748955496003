package org.kaowu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
