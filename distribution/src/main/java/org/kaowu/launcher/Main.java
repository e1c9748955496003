package org.kaowu.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts Kaowu: reads {@code conf/config.properties}, starts Felix, installs every jar in
 * {@code bundle/} and starts them: the bundles named in {@code kaowu.launcher.early} first, in that order
 * (SPI Fly must weave ServiceLoader users before their classes load), then all others in parallel, then
 * those named in {@code kaowu.launcher.late}. Region and plugin bundles in {@code deploy/}
 * are FileInstall's business. Runs until the framework stops; SIGTERM stops it cleanly.
 */
public final class Main {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");
    private static final List<String> OVERRIDABLE = List.of("org.osgi.", "org.apache.felix.", "felix.", "kaowu.");

    private Main() {
    }

    public static void main(String[] args) {
        try {
            launch();
        } catch (Exception | Error e) {
            e.printStackTrace();
            // Some bundle threads are not daemons: without an explicit exit a failed start would hang.
            System.exit(1);
        }
        // The framework has stopped (or a training run is done). A bundle may leave a non-daemon thread
        // behind; the JVM must go all the same.
        System.exit(0);
    }

    private static void launch() throws Exception {
        Path home = Path.of(System.getProperty("kaowu.home", ".")).toAbsolutePath().normalize();
        Map<String, String> config = configuration(home);
        ownerOnly(Path.of(config.getOrDefault("kaowu.data", home.resolve("data").toString())));
        ownerOnly(Path.of(System.getProperty("kaowu.logs", home.resolve("logs").toString())));
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("No OSGi framework on the class path"))
                .newFramework(config);
        framework.init();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "kaowu-shutdown"));

        List<Bundle> installed = install(framework.getBundleContext(), home.resolve("bundle"));
        framework.start();
        hideFromWeaver(framework.getBundleContext(), config.get("kaowu.launcher.weaver"), names(config, "kaowu.launcher.unwoven"));
        List<String> early = names(config, "kaowu.launcher.early");
        List<Bundle> order = new ArrayList<>();
        for (String name : early) {
            installed.stream().filter(b -> name.equals(b.getSymbolicName())).forEach(order::add);
        }
        installed.stream().filter(b -> !order.contains(b)).forEach(order::add);
        boolean timing = Boolean.parseBoolean(config.get("kaowu.launcher.timing"));
        if (timing) {
            traceRestServices(framework.getBundleContext());
        }
        // The early bundles one by one, in the configured order; then the rest side by side (Jetty and the
        // database warm up in parallel); then the late ones, e.g. the REST whiteboard, which then builds
        // its Jersey application once, with every resource already there, instead of once per arrival.
        List<String> late = names(config, "kaowu.launcher.late");
        List<Bundle> rest = new ArrayList<>(order);
        List<Bundle> first = new ArrayList<>();
        List<Bundle> last = new ArrayList<>();
        for (Bundle b : order) {
            if (early.contains(b.getSymbolicName())) {
                first.add(b);
            } else if (late.contains(b.getSymbolicName())) {
                last.add(b);
            }
        }
        rest.removeAll(first);
        rest.removeAll(last);
        // Slow starters go to the front of the queue so that they do not end up on the critical path.
        List<String> slow = names(config, "kaowu.launcher.slow");
        rest.sort(java.util.Comparator.comparingInt(b -> slow.contains(b.getSymbolicName()) ? slow.indexOf(b.getSymbolicName()) : slow.size()));
        first.forEach(b -> start(b, timing));
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "kaowu-start"));
        try {
            List<Future<?>> started = new ArrayList<>();
            for (Bundle b : rest) {
                started.add(pool.submit(() -> start(b, timing)));
            }
            for (Future<?> f : started) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        last.forEach(b -> start(b, timing));
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("kaowu: " + installed.size() + " platform bundles started " + (System.currentTimeMillis() - jvmStart)
                + " ms after JVM start (JVM started at " + jvmStart + " ms since the epoch)");
        if (Boolean.parseBoolean(config.get("kaowu.launcher.training"))) {
            Training.exercise(framework.getBundleContext());
            stop(framework);
        }
        framework.waitForStop(0);
    }

    /**
     * Keeps the bundles named in kaowu.launcher.unwoven out of sight of the ServiceLoader weaver (the
     * bundle kaowu.launcher.weaver names, SPI Fly): it treats a bundle that merely may use ServiceLoader as
     * a consumer and parses and rewrites every class the bundle loads, needed or not. A bundle hook
     * (find and event) hides those bundles from the weaver's bundle context only; everyone else sees them.
     */
    static void hideFromWeaver(BundleContext context, String weaver, List<String> unwoven) {
        if (weaver == null || weaver.isBlank() || unwoven.isEmpty()) {
            return;
        }
        java.util.function.Predicate<BundleContext> isWeaver = c -> {
            try {
                return weaver.equals(c.getBundle().getSymbolicName());
            } catch (IllegalStateException stale) {
                return false;
            }
        };
        context.registerService(org.osgi.framework.hooks.bundle.FindHook.class, (c, bundles) -> {
            if (isWeaver.test(c)) {
                bundles.removeIf(b -> unwoven.contains(b.getSymbolicName()));
            }
        }, null);
        context.registerService(org.osgi.framework.hooks.bundle.EventHook.class, (event, contexts) -> {
            if (unwoven.contains(event.getBundle().getSymbolicName())) {
                contexts.removeIf(isWeaver);
            }
        }, null);
    }

    /** With kaowu.launcher.timing: when each REST whiteboard service comes and goes (each change rebuilds Jersey's application). */
    private static void traceRestServices(BundleContext context) throws org.osgi.framework.InvalidSyntaxException {
        String filter = "(|(osgi.jakartars.resource=*)(osgi.jakartars.extension=*)(osgi.jakartars.application.base=*)(objectClass=org.osgi.service.jakartars.runtime.JakartarsServiceRuntime))";
        context.addServiceListener(event -> {
            Object name = event.getServiceReference().getProperty("component.name");
            System.out.printf("kaowu: REST service %s %s of %s (%d ms after JVM start)%n",
                    event.getType() == org.osgi.framework.ServiceEvent.REGISTERED ? "registered" : event.getType() == org.osgi.framework.ServiceEvent.UNREGISTERING ? "gone" : "modified",
                    name != null ? name : java.util.Arrays.toString((String[]) event.getServiceReference().getProperty(Constants.OBJECTCLASS)),
                    event.getServiceReference().getBundle() == null ? "?" : event.getServiceReference().getBundle().getSymbolicName(),
                    System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
        }, filter);
    }

    /**
     * Personal data (database, photos, proofs, logs, keys) for the process's owner only: each folder
     * rwx------, each file without group or other permissions, also what an earlier version or a copy
     * left readable. bin/kaowu sets umask 077 for what is created from now on.
     */
    static void ownerOnly(Path dir) throws IOException {
        if (!Files.isDirectory(dir) || !Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                Set<PosixFilePermission> owner = EnumSet.noneOf(PosixFilePermission.class);
                perms.stream().filter(x -> x.name().startsWith("OWNER")).forEach(owner::add);
                if (Files.isDirectory(p)) {
                    owner.addAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
                }
                if (!owner.equals(perms)) {
                    Files.setPosixFilePermissions(p, owner);
                }
            }
        }
    }

    private static List<String> names(Map<String, String> config, String key) {
        return Arrays.stream(config.getOrDefault(key, "").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static void start(Bundle b, boolean timing) {
        if (b.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            b.start();
            if (timing) {
                System.out.printf("kaowu: %5d ms  %s (done %d ms after JVM start)%n", (System.nanoTime() - t0) / 1_000_000,
                        b.getSymbolicName(), System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
            }
        } catch (BundleException | RuntimeException e) {
            System.err.println("kaowu: bundle " + b.getSymbolicName() + " did not start: " + e.getMessage());
        }
    }

    /** The framework properties for a Kaowu home: conf/config.properties, -D overrides, ${...} resolved. */
    public static Map<String, String> configuration(Path home) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("conf").resolve("config.properties"))) {
            p.load(in);
        }
        Map<String, String> values = new HashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        // -D options override the file for the framework's own namespaces.
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> OVERRIDABLE.stream().anyMatch(k::startsWith))
                .forEach(k -> values.put(k, System.getProperty(k)));
        values.put("kaowu.home", home.toString());
        Map<String, String> resolved = new HashMap<>();
        values.forEach((k, v) -> resolved.put(k, substitute(v, values)));
        return resolved;
    }

    /**
     * Replaces each ${name} with another property of the file (itself substituted), or a system
     * property. An undefined name is an error: a literal "${...}" must never become a path.
     */
    static String substitute(String value, Map<String, String> values) {
        String current = value;
        for (int depth = 0; depth < 10; depth++) {
            Matcher m = VARIABLE.matcher(current);
            if (!m.find()) {
                return current;
            }
            m.reset();
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String replacement = values.containsKey(name) ? values.get(name) : System.getProperty(name);
                if (replacement == null) {
                    throw new IllegalArgumentException("conf/config.properties: ${" + name + "} is not defined (in \"" + value + "\")");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            current = out.toString();
        }
        throw new IllegalArgumentException("conf/config.properties: variables nest too deep or refer to themselves: " + value);
    }

    private static List<Bundle> install(BundleContext context, Path directory) throws IOException, BundleException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.jar")) {
            stream.forEach(jars::add);
        }
        jars.sort(null);
        List<Bundle> bundles = new ArrayList<>();
        for (Path jar : jars) {
            // reference: the framework reads the jar where it is instead of copying it into its cache
            bundles.add(context.installBundle("reference:" + jar.toUri()));
        }
        return bundles;
    }

    private static void stop(Framework framework) {
        try {
            if (framework.getState() == Bundle.ACTIVE || framework.getState() == Bundle.STARTING) {
                System.out.println("kaowu: stopping");
                framework.stop();
                framework.waitForStop(60_000);
            }
        } catch (BundleException | InterruptedException e) {
            System.err.println("kaowu: clean stop failed: " + e);
        }
    }
}
