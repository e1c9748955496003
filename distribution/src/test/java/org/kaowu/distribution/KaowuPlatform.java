package org.kaowu.distribution;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

import org.kaowu.launcher.Main;
import org.ops4j.pax.exam.Option;

/**
 * Pax Exam options that boot exactly the distribution's bundle set (target/kaowu/bundle), with its
 * config.properties, FileInstall watching a copy of its conf/ and deploy/ folders, and a fresh data
 * folder: the same runtime as bin/kaowu, inside the test JVM.
 */
final class KaowuPlatform {
    /** Framework property carrying the test's working copy of the distribution. */
    static final String HOME = "kaowu.home";
    static final String CONSOLE_PASSWORD = "Console-Test-2026";
    /** conf/org.kaowu.limits.cfg for tests that send many requests from one address (every budget out of the way). */
    static final String UNLIMITED = limits(100_000_000, 100_000_000);
    /**
     * A business time at which every region takes registrations (noon in China; Xinjiang locks 02:00-06:00):
     * tests that register must not depend on the hour CI runs at.
     */
    static final String OPEN_HOURS = java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "T04:00:00Z";

    /** conf/org.kaowu.limits.cfg with these per-address and per-ID-number budgets and every other one out of the way. */
    static String limits(int perAddress, int perIdNumber) {
        return "perAddress=" + perAddress + "\nperIdNumber=" + perIdNumber + "\nrecoveriesPerAddress=" + perAddress
                + "\nrecoveriesPerIdNumber=" + perIdNumber + "\nloginsPerAddress=" + perAddress + "\nregistrationsPerAddress=100000000"
                + "\nbindingsPerCandidate=100000\nbindingsPerNumber=100000\n";
    }

    private KaowuPlatform() {
    }

    static Path distribution() {
        Path dist = Path.of(System.getProperty("kaowu.dist", "target/kaowu")).toAbsolutePath();
        if (!Files.isDirectory(dist.resolve("bundle"))) {
            throw new IllegalStateException("No assembled distribution at " + dist + "; run mvn verify from the root");
        }
        return dist;
    }

    static Option[] options() {
        return options(Map.of());
    }

    /** @param confFiles extra or replaced files of conf/, by name */
    static Option[] options(Map<String, String> confFiles) {
        try {
            Path dist = distribution();
            Path home = Files.createTempDirectory("kaowu-it");
            copyTree(dist.resolve("conf"), home.resolve("conf"));
            copyTree(dist.resolve("deploy"), home.resolve("deploy"));
            Files.createDirectories(home.resolve("data"));
            Files.createDirectories(home.resolve("logs"));
            Files.writeString(home.resolve("conf").resolve("org.kaowu.web.console.cfg"), "username=admin\npassword=" + CONSOLE_PASSWORD + "\n");
            for (Map.Entry<String, String> f : confFiles.entrySet()) {
                Files.writeString(home.resolve("conf").resolve(f.getKey()), f.getValue());
            }

            Map<String, String> config = Main.configuration(home);
            config.put("org.osgi.service.http.port", Integer.toString(freePort()));
            List<String> early = names(config.get("kaowu.launcher.early"));
            List<String> late = names(config.get("kaowu.launcher.late"));

            List<Option> options = new ArrayList<>();
            Set<String> managedByPaxExam = Set.of("org.osgi.framework.storage", "org.osgi.framework.storage.clean");
            config.forEach((k, v) -> {
                if (!managedByPaxExam.contains(k)) {
                    options.add(frameworkProperty(k).value(v));
                }
            });
            options.add(systemProperty(HOME).value(home.toString()));
            options.add(systemProperty("logback.configurationFile").value(home.resolve("conf/logback.xml").toString()));
            options.add(systemProperty("derby.stream.error.file").value(home.resolve("logs/derby.log").toString()));
            // pax-url resolves Pax Exam's own bundles from the local Maven repository first
            options.add(systemProperty("org.ops4j.pax.url.mvn.useFallbackRepositories").value("false"));
            for (Path jar : jars(dist.resolve("bundle"))) {
                String bsn = symbolicName(jar);
                int level = early.contains(bsn) ? 1 : late.contains(bsn) ? 30 : 20;
                options.add(bundle(jar.toUri().toString()).startLevel(level).start(!isFragment(jar)));
            }
            options.add(junitBundles());
            options.add(frameworkStartLevel(40));
            options.add(cleanCaches(true));
            return options.toArray(new Option[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> names(String list) {
        return list == null ? List.of() : Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The jar of region {@code code} in {@code deploy}. */
    static Path regionJar(Path deploy, String code) throws IOException {
        return jars(deploy).stream().filter(p -> p.getFileName().toString().startsWith("kaowu-region-" + code + "-")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + code + " bundle in " + deploy));
    }

    static List<Path> jars(Path directory) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(directory, "*.jar")) {
            s.forEach(jars::add);
        }
        jars.sort(Comparator.naturalOrder());
        return jars;
    }

    private static String symbolicName(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            String bsn = j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            return bsn == null ? "" : bsn.split(";")[0].strip();
        }
    }

    private static boolean isFragment(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Moves the platform's business clock (PID org.kaowu.clock) to {@code instant}; null: back to real time. */
    static void moveClock(org.osgi.framework.BundleContext context, String instant) throws IOException, InterruptedException {
        org.osgi.service.cm.Configuration c = context.getService(context.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class))
                .getConfiguration("org.kaowu.clock", null);
        if (instant == null) {
            c.delete();
            return;
        }
        org.osgi.framework.ServiceReference<java.time.Clock> clockRef = context.getServiceReference(java.time.Clock.class);
        org.junit.Assert.assertNotNull("the platform's Clock service", clockRef);
        java.time.Clock clock = context.getService(clockRef);
        java.time.Instant target = java.time.Instant.parse(instant);
        long[] updated = {0};
        long[] shownSince = {0};
        // Config Admin delivers the change asynchronously, and FileInstall's write-back of an earlier change
        // (conf/org.kaowu.clock.cfg, polled every 500 ms) can undo a later one: update again until the platform's
        // clock has shown the instant for longer than one poll of FileInstall
        try {
            RestRuntime.await("clock at " + instant, () -> {
                java.time.Instant at = clock.instant();
                if (!at.isBefore(target) && at.isBefore(target.plusSeconds(60))) {
                    if (shownSince[0] == 0) {
                        shownSince[0] = System.currentTimeMillis();
                    }
                    return System.currentTimeMillis() - shownSince[0] > 700;
                }
                shownSince[0] = 0;
                if (System.currentTimeMillis() - updated[0] > 2000) {
                    java.util.Dictionary<String, Object> p = new java.util.Hashtable<>();
                    p.put("movedTo", instant);
                    try {
                        c.update(p);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    updated[0] = System.currentTimeMillis();
                }
                return false;
            });
        } finally {
            context.ungetService(clockRef);
        }
    }

    /** The newest message to {@code to} in the development outbox of the platform at {@code home}, waited for. */
    static String outbox(Path home, String to) throws InterruptedException {
        Path dir = home.resolve("data/outbox");
        String[] found = new String[1];
        RestRuntime.await("message to " + to, () -> {
            try (var files = Files.list(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    String text = Files.readString(f, java.nio.charset.StandardCharsets.UTF_8);
                    if (text.contains("\nTo: " + to + "\n")) {
                        found[0] = text;
                        return true;
                    }
                }
            } catch (IOException e) {
                return false;
            }
            return false;
        });
        return found[0];
    }
}
