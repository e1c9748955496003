package org.kaowu.service.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;

/** Console changes reach conf/: new files, rewritten values with comments kept, never a new secret. */
class ConfWriteBackTest {
    @TempDir
    Path conf;

    private static Configuration configuration(String pid, Map<String, Object> values) {
        Dictionary<String, Object> props = new Hashtable<>(values);
        props.put("service.pid", pid);
        return (Configuration) Proxy.newProxyInstance(ConfWriteBackTest.class.getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperties" -> props;
                    case "getPid" -> pid;
                    case "getFactoryPid" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ConfWriteBack writer() {
        return new ConfWriteBack(null, conf);
    }

    @Test
    void aConfigurationMadeInTheConsoleGetsItsFile() throws Exception {
        writer().write(configuration("org.kaowu.region.testregion", Map.of("fees", new String[] {"per-course=31.00", "recheck=5"})));
        String text = Files.readString(conf.resolve("org.kaowu.region.testregion.cfg"));
        assertThat(text).startsWith("# Written by Kaowu").contains("fees=per-course\\=31.00,recheck\\=5");
        assertThat(ConfWriteBack.parse(Files.readAllLines(conf.resolve("org.kaowu.region.testregion.cfg"))))
                .containsEntry("fees", "per-course=31.00,recheck=5");
    }

    @Test
    void anExistingFileKeepsItsCommentsAndGetsTheNewValues() throws Exception {
        Path file = conf.resolve("org.kaowu.limits.cfg");
        Files.writeString(file, "# Rate limits\n# per address:\nperAddress=20\n\n# gone soon\nperIdNumber=5\nold=\\\n  continued\n");
        writer().write(configuration("org.kaowu.limits", Map.of("perAddress", 40, "perIdNumber", "5", "added", "名")));
        assertThat(Files.readAllLines(file)).containsExactly("# Rate limits", "# per address:", "perAddress=40", "", "# gone soon",
                "perIdNumber=5", "added=\\u540D");
        assertThat(ConfWriteBack.parse(Files.readAllLines(file))).containsEntry("added", "名").doesNotContainKey("old");
    }

    @Test
    void whatTheFileAlreadySaysIsNotWrittenAgain() throws Exception {
        Path file = conf.resolve("org.kaowu.clock.cfg");
        Files.writeString(file, "# moved\nmovedTo = 2019-02-20T04:00:00Z\n");
        writer().write(configuration("org.kaowu.clock", Map.of("movedTo", "2019-02-20T04:00:00Z")));
        assertThat(Files.readString(file)).isEqualTo("# moved\nmovedTo = 2019-02-20T04:00:00Z\n");
    }

    @Test
    void aSecretIsNeverPutIntoAFileThatDoesNotHoldIt() throws Exception {
        writer().write(configuration("org.kaowu.plugins.smtp", Map.of("host", "mail", "password", "Smtp-Secret")));
        assertThat(conf.resolve("org.kaowu.plugins.smtp.cfg")).doesNotExist();

        Path store = conf.resolve("org.kaowu.store.cfg");
        Files.writeString(store, "jdbcUrl=jdbc:x\npassword=Already-There\n");
        writer().write(configuration("org.kaowu.store", Map.of("jdbcUrl", "jdbc:y", "password", "Already-There")));
        assertThat(Files.readString(store)).isEqualTo("jdbcUrl=jdbc\\:y\npassword=Already-There\n");
        writer().write(configuration("org.kaowu.store", Map.of("jdbcUrl", "jdbc:z", "password", "A-New-One")));
        assertThat(Files.readString(store)).contains("jdbc\\:y").doesNotContain("A-New-One");
    }

    @Test
    void aConfigurationFileInstallKeepsOrNotOursIsLeftAlone() throws Exception {
        writer().write(configuration("org.kaowu.regions", Map.of("updateGraceMillis", 1, ConfWriteBack.FILE_INSTALL_NAME, "file:/x.cfg")));
        assertThat(conf.resolve("org.kaowu.regions.cfg")).doesNotExist();
        assertThat(ConfWriteBack.fileName("org.kaowu.x~a", "org.kaowu.x")).contains("org.kaowu.x-a.cfg");
        assertThat(ConfWriteBack.fileName("org.kaowu.x.1234-uuid", "org.kaowu.x")).isEmpty();
        assertThat(ConfWriteBack.secret("personalDataKeys")).isTrue();
        assertThat(ConfWriteBack.secret("publicUrl")).isFalse();
    }
}
