package org.kaowu.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain table at the end of the load test, read from the statistics of Gatling's HTML reports of this
 * run (each simulation's newest report under target/gatling): per request type requests/s, p50/p95/p99,
 * errors, and the ratio of its requests/s to the baseline's (the bare servlet, measured in the same run).
 * Written to target/load/load-report.txt as well.
 */
final class LoadReport {
    private LoadReport() {
    }

    private static final Pattern ROW = Pattern.compile("class=\"ellipsed-name\">([^<]+)</span>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("class=\"value [a-z]+ col-(\\d+)\">([^<]*)</td>");

    private static long num(Map<Integer, String> cols, int col) {
        String v = cols.getOrDefault(col, "0");
        return v.equals("-") ? 0 : Long.parseLong(v);
    }

    record Row(String simulation, String request, long total, long ko, double perSecond, long p50, long p95, long p99, long max) {
    }

    /**
     * The hot swap's figures from its rows: requests and errors of the whole simulation, and the longest
     * pause, the slowest request sent while a swap was under way (beside the slowest sent outside one).
     */
    static String hotSwapSummary(List<Row> rows) {
        List<Row> hot = rows.stream().filter(r -> r.simulation().equals("hotswap")).toList();
        long requests = hot.stream().mapToLong(Row::total).sum();
        long errors = hot.stream().mapToLong(Row::ko).sum();
        long inSwaps = hot.stream().filter(r -> r.request().endsWith(" in a swap")).mapToLong(Row::total).sum();
        long pause = hot.stream().filter(r -> r.request().endsWith(" in a swap")).mapToLong(Row::max).max().orElse(0);
        long outside = hot.stream().filter(r -> !r.request().endsWith(" in a swap") && !r.request().contains("login"))
                .mapToLong(Row::max).max().orElse(0);
        return String.format(Locale.ROOT, "Hot swap: %d requests, %d errors; longest pause (slowest of the %d requests sent during a swap) %d ms;"
                + " slowest outside the swaps (logins aside) %d ms%n", requests, errors, inSwaps, pause, outside);
    }

    static void print(Path dir, Path gatling) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<Path> reports = new ArrayList<>();
        try (Stream<Path> runs = Files.list(gatling)) {
            // the newest report of each simulation (folder names: <simulation>-<timestamp>)
            Map<String, Path> newest = new java.util.TreeMap<>();
            runs.filter(p -> Files.exists(p.resolve("index.html"))).sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .forEach(p -> newest.put(p.getFileName().toString().replaceAll("-\\d+$", ""), p));
            reports.addAll(newest.values());
        }
        for (Path report : reports) {
            String simulation = report.getFileName().toString().replaceAll("-\\d+$", "").replace("simulation", "");
            // Gatling 3.15 keeps the statistics in the report's table (index.html): per request, columns 2..14 are
            // total, OK, KO, % KO, count/s, min, p50, p95, p99, p99.9, max, mean, standard deviation (gatling.conf sets the percentiles).
            String html = Files.readString(report.resolve("index.html"));
            Matcher row = ROW.matcher(html);
            while (row.find()) {
                Map<Integer, String> cols = new java.util.HashMap<>();
                Matcher cell = CELL.matcher(row.group(2));
                while (cell.find()) {
                    cols.put(Integer.parseInt(cell.group(1)), cell.group(2).strip());
                }
                if (row.group(1).strip().equals("All Requests")) {
                    continue;
                }
                rows.add(new Row(simulation, row.group(1).strip(), num(cols, 2), num(cols, 4), Double.parseDouble(cols.getOrDefault(6, "0")),
                        num(cols, 8), num(cols, 9), num(cols, 10), num(cols, 12)));
            }
        }
        double baseline = rows.stream().filter(r -> r.request().contains("baseline")).mapToDouble(Row::perSecond).findFirst().orElse(Double.NaN);
        StringBuilder out = new StringBuilder();
        if (Files.exists(dir.resolve("run.txt"))) {
            out.append(Files.readString(dir.resolve("run.txt")));
        }
        if (Files.exists(dir.resolve("overload.txt"))) {
            out.append(Files.readString(dir.resolve("overload.txt")));
        }
        out.append(String.format(Locale.ROOT, "%-16s %-34s %9s %7s %9s %6s %6s %6s %6s %8s%n", "simulation", "request", "requests", "errors",
                "req/s", "p50ms", "p95ms", "p99ms", "maxms", "ratio"));
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "%-16s %-34s %9d %7d %9.1f %6d %6d %6d %6d %8.3f%n", r.simulation(), r.request(), r.total(),
                    r.ko(), r.perSecond(), r.p50(), r.p95(), r.p99(), r.max(), r.perSecond() / baseline));
        }
        if (Files.exists(dir.resolve("hotswap.txt"))) {
            out.append(Files.readString(dir.resolve("hotswap.txt")));
            out.append(hotSwapSummary(rows));
        }
        out.append(stepsAgainstRawJdbc(dir, rows));
        out.append("ratio: the request type's requests/s over the bare servlet's (baseline) in this run; the closed scenarios (baseline,\n"
                + "lookups) run as fast as they are answered, the window opening's rate is its arrival rate (open model).\n");
        out.append("The closed window opening (windowopeningclosed) and the enrollment steps are closed too: their rates are what the node answered.\n");
        out.append("Flame graphs (JFR CPU samples, drawn by async-profiler's jfrconv): ").append(dir.resolve("flame-*.html")).append('\n');
        if (Files.exists(dir.resolve("heap.txt"))) {
            out.append(Files.readString(dir.resolve("heap.txt")).lines().filter(l -> l.contains("garbage-first heap") || l.startsWith("Heap"))
                    .reduce("", (a, b) -> a + b + "\n"));
        }
        out.append("Gatling's HTML reports: ").append(reports).append('\n');
        System.out.println();
        System.out.print(out);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("load-report.txt"), out.toString());
    }

    private static final Pattern RAW = Pattern.compile("perSecond=([0-9.]+).*?threads=(\\d+)");

    /**
     * The enrollment steps (the EnrollmentStepsSimulation's requests: courses and exam area, each a transaction
     * with its rule checks) a second over the raw JDBC insert-and-commit loop's rows a second, at the same
     * concurrency on the same database in this run (jdbc-inserts.txt, written by that simulation).
     */
    static String stepsAgainstRawJdbc(Path dir, List<Row> rows) throws IOException {
        Path raw = dir.resolve("jdbc-inserts.txt");
        double steps = rows.stream().filter(r -> r.simulation().equals("enrollmentsteps")).mapToDouble(Row::perSecond).sum();
        if (!Files.exists(raw) || steps == 0) {
            return "";
        }
        String line = Files.readString(raw).strip();
        Matcher m = RAW.matcher(line);
        if (!m.find()) {
            return "raw JDBC insert+commit: " + line + "\n";
        }
        double rawPerSecond = Double.parseDouble(m.group(1));
        return String.format(Locale.ROOT, "raw JDBC insert+commit on the platform's database (%s clients, one connection each): %.1f rows/s "
                + "(%s)%nenrollment steps / raw JDBC insert+commit: %.1f steps/s / %.1f rows/s = %.3f%n", m.group(2), rawPerSecond, line,
                steps, rawPerSecond, steps / rawPerSecond);
    }
}
