package org.kaowu.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The steps of the load test around Gatling, run by the {@code load} profile of the distribution in a
 * JVM of their own: {@code start} (a fresh copy of the assembled distribution under target/load, the
 * load test's configuration, the fixture bundle in deploy/, optionally a PostgreSQL server, then
 * {@code bin/kaowu start}, health UP, seeding), {@code stop} (heap after the load, the JFR recording,
 * flame graphs, {@code bin/kaowu stop}) and {@code report} (the table).
 *
 * <p>System properties: kaowu.load.dir (target/load), kaowu.dist (target/kaowu), kaowu.load.port (18080),
 * kaowu.load.db (derby | postgresql), kaowu.load.jit (kaowu: bin/kaowu's C2 thresholds | default: the JVM's),
 * kaowu.load.jfr (true), kaowu.load.lookupCandidates, kaowu.load.windowCandidates,
 * kaowu.load.closedCandidates, kaowu.load.concurrentHashes.
 */
public final class LoadRun {
    /** Inside Xinjiang's April 2019 enrollment window (20 Feb 12:00 - 26 Feb 18:00, China time): noon, 21 Feb 2019. */
    static final String WINDOW_OPEN_AT = "2019-02-21T04:00:00Z";
    /** The candidates the lookup scenarios use are 0..lookupCandidates-1; the window opening's come after them. */
    static final int LOOKUP_CANDIDATES = Integer.getInteger("kaowu.load.lookupCandidates", 1000);
    static final int WINDOW_CANDIDATES = Integer.getInteger("kaowu.load.windowCandidates", 6000);
    /**
     * Candidates of the closed scenarios, after the window range: the first {@link #STEP_CANDIDATES} for the
     * enrollment steps' clients, the rest for the closed window opening (each takes a fresh one per journey).
     */
    static final int CLOSED_CANDIDATES = Integer.getInteger("kaowu.load.closedCandidates", 4000);
    static final int CLOSED_FROM = LOOKUP_CANDIDATES + WINDOW_CANDIDATES;
    static final int STEP_CANDIDATES = 256;

    private final Path dir = Path.of(System.getProperty("kaowu.load.dir", "target/load")).toAbsolutePath();
    private final Path home = dir.resolve("kaowu");
    private final int port = Integer.getInteger("kaowu.load.port", 18080);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        LoadRun run = new LoadRun();
        switch (args[0]) {
            case "start" -> run.start();
            case "stop" -> run.stop();
            case "report" -> LoadReport.print(run.dir, Path.of(args.length > 1 ? args[1] : "target/gatling"));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    void start() throws Exception {
        Path dist = Path.of(System.getProperty("kaowu.dist", "target/kaowu")).toAbsolutePath();
        if (Files.isDirectory(home)) {
            sh(home.resolve("bin/kaowu").toString(), "stop");
        }
        stopPostgres();
        delete(dir);
        delete(Path.of("target/gatling"));
        Files.createDirectories(dir);
        for (String folder : List.of("bin", "bundle", "conf", "deploy", "plugins", "data/cds")) {
            if (Files.isDirectory(dist.resolve(folder))) {
                copy(dist.resolve(folder), home.resolve(folder));
            }
        }
        Files.createDirectories(home.resolve("logs"));
        Path conf = home.resolve("conf");
        // Every per-address budget out of the way: all virtual users come from one address.
        Files.writeString(conf.resolve("org.kaowu.limits.cfg"), "perAddress=100000000\nperIdNumber=100000000\nrecoveriesPerAddress=100000000\n"
                + "recoveriesPerIdNumber=100000000\nloginsPerAddress=100000000\nregistrationsPerAddress=100000000\n"
                + "bindingsPerCandidate=100000\nbindingsPerNumber=100000\n");
        Files.writeString(conf.resolve("org.kaowu.clock.cfg"), "movedTo=" + WINDOW_OPEN_AT + "\n");
        // A gateway that calls back quickly and sometimes twice, never drops one (the scenario waits for PAID).
        Files.writeString(conf.resolve("org.kaowu.plugins.paymentsim.cfg"), "callbackDelayMillis=50\ncallbackDelaySpreadMillis=150\n"
                + "duplicateProbability=0.1\nduplicateGapMillis=200\noutOfOrderProbability=0\ndropProbability=0\nretryDelayMillis=200\nseed=7\n");
        // The human check's proof of work at a low difficulty: the clients' hashing would take the server's CPU.
        Files.writeString(conf.resolve("org.kaowu.humancheck.cfg"), "difficulty=" + HumanCheckAnswers.DIFFICULTY + "\n");
        Files.writeString(conf.resolve("org.kaowu.web.console.cfg"), "username=admin\npassword=Load-Console-2026\n");
        // bcrypt hashes at once (BcryptPasswordHashing; default: one fewer than the processors), to compare bounds in runs
        String hashes = System.getProperty("kaowu.load.concurrentHashes", "");
        if (!hashes.isBlank()) {
            Files.writeString(conf.resolve("org.kaowu.passwords.cfg"), "concurrentHashes=" + hashes.strip() + "\n");
        }
        String db = System.getProperty("kaowu.load.db", "derby");
        if (db.equals("postgresql")) {
            String url = startPostgres();
            Files.writeString(conf.resolve("org.kaowu.store.cfg"), "jdbcUrl=" + url + "\nuser=kaowu\npassword=\nmaxPoolSize=20\n");
        }
        Files.copy(fixture(), home.resolve("deploy/kaowu-load-fixture.jar"));

        List<String> opts = new ArrayList<>(List.of("-Dorg.osgi.service.http.port=" + port));
        if (Boolean.parseBoolean(System.getProperty("kaowu.load.jfr", "true"))) {
            opts.add("-XX:StartFlightRecording=name=load,settings=profile,filename=" + dir.resolve("kaowu.jfr"));
        }
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/kaowu").toString(), "start").inheritIO();
        pb.environment().put("KAOWU_OPTS", String.join(" ", opts));
        if ("default".equals(System.getProperty("kaowu.load.jit", "kaowu"))) {
            pb.environment().put("KAOWU_JIT_OPTS", " ");
        }
        long started = System.nanoTime();
        if (pb.start().waitFor() != 0) {
            throw new IllegalStateException("bin/kaowu start failed");
        }
        await("health UP", Duration.ofSeconds(180), () -> get("/api/v1/health").contains("\"UP\""));
        double up = (System.nanoTime() - started) / 1e9;
        await("region xinjiang", Duration.ofSeconds(60), () -> get("/api/v1/regions/xinjiang").contains("\"xinjiang\""));
        await("the fixture bundle", Duration.ofSeconds(60), () -> get("/load/constant").contains("UP"));

        long seedStart = System.nanoTime();
        String seeded1 = post("/load/seed?region=xinjiang&from=0&count=" + LOOKUP_CANDIDATES);
        String seeded2 = post("/load/seed?region=xinjiang&from=" + LOOKUP_CANDIDATES + "&count=" + WINDOW_CANDIDATES);
        String seeded3 = post("/load/seed?region=xinjiang&from=" + CLOSED_FROM + "&count=" + CLOSED_CANDIDATES);
        seeded2 = seeded2.strip() + "; " + seeded3.strip();
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        String summary = String.format(Locale.ROOT, "Kaowu on %s, port %d, JIT %s: health UP %.1f s after bin/kaowu start (new database);"
                + " %d candidates seeded straight through the store (not over HTTP) in %.1f s (%s; %s)%n",
                db, port, System.getProperty("kaowu.load.jit", "kaowu"), up, LOOKUP_CANDIDATES + WINDOW_CANDIDATES + CLOSED_CANDIDATES, seedSeconds,
                seeded1.strip(), seeded2.strip());
        System.out.print(summary);
        Files.writeString(dir.resolve("run.txt"), summary);
    }

    void stop() throws Exception {
        StringBuilder notes = new StringBuilder();
        String pid = Files.exists(home.resolve("data/kaowu.pid")) ? Files.readString(home.resolve("data/kaowu.pid")).strip() : null;
        if (pid != null) {
            // bin/kaowu start runs the JVM with exec: the pid file names the JVM itself.
            String jvm = pid;
            if (!sh("jcmd", jvm, "VM.version").contains("Could not")) {
                notes.append("Heap after the load test (before a GC):\n").append(sh("jcmd", jvm, "GC.heap_info"));
                sh("jcmd", jvm, "GC.run");
                notes.append("Heap after a full GC:\n").append(sh("jcmd", jvm, "GC.heap_info"));
                if (Boolean.parseBoolean(System.getProperty("kaowu.load.jfr", "true"))) {
                    sh("jcmd", jvm, "JFR.dump", "name=load", "filename=" + dir.resolve("kaowu.jfr"));
                }
            }
        }
        sh(home.resolve("bin/kaowu").toString(), "stop");
        stopPostgres();
        Files.writeString(dir.resolve("heap.txt"), notes.toString());
        System.out.println(notes);
        if (Files.exists(dir.resolve("kaowu.jfr"))) {
            FlameGraphs.write(dir.resolve("kaowu.jfr"), dir);
        }
    }

    /** The fixture bundle, built by the load profile beside the distribution's jar. */
    private static Path fixture() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-load-fixture.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/*-load-fixture.jar: run with -Pload"));
        }
    }

    // ---- PostgreSQL: a server of Debian's packages under target/load/postgresql, fsync on (durable commits
    // are part of what is measured, unlike the store tests' server).

    private String startPostgres() throws IOException, InterruptedException {
        Path bin;
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(Path::toString)).orElseThrow(() -> new IllegalStateException(
                            "PostgreSQL server binaries not found: apt-get install -y postgresql"));
        }
        Path pg = dir.resolve("postgresql");
        Files.createDirectories(pg);
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            sh("chown", "-R", "postgres:postgres", pg.toString());
            sh("chmod", "755", dir.toString(), dir.getParent().toString());
        }
        int pgPort;
        try (ServerSocket s = new ServerSocket(0)) {
            pgPort = s.getLocalPort();
        }
        Files.writeString(dir.resolve("postgresql.port"), pgPort + "\n");
        check(as(root, bin.resolve("initdb").toString(), "-D", pg.resolve("data").toString(), "-U", "kaowu", "--auth=trust", "-E", "UTF8",
                "--locale=C"));
        check(as(root, bin.resolve("pg_ctl").toString(), "-D", pg.resolve("data").toString(), "-w", "-t", "60", "-l",
                pg.resolve("server.log").toString(), "-o", "-p " + pgPort + " -k " + pg + " -c listen_addresses=127.0.0.1 -c max_connections=100",
                "start"));
        check(as(root, bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p", String.valueOf(pgPort), "-U", "kaowu", "-d", "postgres",
                "-c", "CREATE DATABASE kaowu"));
        Files.writeString(dir.resolve("postgresql.bin"), bin.toString());
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/kaowu";
    }

    private void stopPostgres() throws IOException, InterruptedException {
        Path binFile = dir.resolve("postgresql.bin");
        if (Files.exists(binFile)) {
            boolean root = "root".equals(System.getProperty("user.name"));
            sh(as(root, Path.of(Files.readString(binFile).strip()).resolve("pg_ctl").toString(), "-D",
                    dir.resolve("postgresql/data").toString(), "-m", "fast", "-w", "stop").toArray(String[]::new));
            Files.delete(binFile);
        }
    }

    private static List<String> as(boolean root, String... command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void check(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("Failed: " + command + "\n" + out);
        }
    }

    // ---- small helpers

    static String sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        return out;
    }

    private String get(String path) {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private String post(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMinutes(30)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static void await(String what, Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("Timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(p -> {
                try {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
