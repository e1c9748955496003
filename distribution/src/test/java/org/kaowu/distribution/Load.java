package org.kaowu.distribution;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * Closed-loop HTTP load: N clients each send one request after another for a fixed time after a
 * warm-up, and every latency is recorded. Bounded in time, loopback only.
 */
final class Load {
    /** The outcome of one measured run. */
    record Result(String name, long requests, long errors, double seconds, double p50Ms, double p99Ms, double maxMs) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Result run(String name, int clients, Duration warmUp, Duration measure, Supplier<HttpRequest> requests, IntPredicate ok)
            throws Exception {
        drive(clients, warmUp, requests, ok, null);
        List<long[]> latencies = new ArrayList<>();
        long[] errors = new long[1];
        long start = System.nanoTime();
        drive(clients, measure, requests, ok, new Sink(latencies, errors));
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(name, all.length, errors[0], seconds, percentile(all, 0.50), percentile(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    private record Sink(List<long[]> latencies, long[] errors) {
        synchronized void add(long[] l, long e) {
            latencies.add(l);
            errors[0] += e;
        }
    }

    private void drive(int clients, Duration duration, Supplier<HttpRequest> requests, IntPredicate ok, Sink sink) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicBoolean stop = new AtomicBoolean();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                running.add(pool.submit(() -> {
                    long[] l = new long[1024];
                    int n = 0;
                    long errors = 0;
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<byte[]> r = client.send(requests.get(), HttpResponse.BodyHandlers.ofByteArray());
                            if (!ok.test(r.statusCode())) {
                                errors++;
                            }
                        } catch (Exception e) {
                            errors++;
                        }
                        if (n == l.length) {
                            l = Arrays.copyOf(l, n * 2);
                        }
                        l[n++] = System.nanoTime() - t0;
                    }
                    if (sink != null) {
                        sink.add(Arrays.copyOf(l, n), errors);
                    }
                    return null;
                }));
            }
            Thread.sleep(duration.toMillis());
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    static String table(List<Result> results, Result baseline) {
        StringBuilder t = new StringBuilder();
        t.append(String.format("%-34s %9s %7s %10s %9s %9s %9s %12s%n", "scenario", "requests", "errors", "req/s", "p50 ms", "p99 ms", "max ms", "Kaowu/bare"));
        for (Result r : results) {
            t.append(String.format("%-34s %9d %7d %10.1f %9.2f %9.2f %9.2f %12s%n", r.name(), r.requests(), r.errors(), r.perSecond(),
                    r.p50Ms(), r.p99Ms(), r.maxMs(), r == baseline ? "(baseline)" : String.format("%.3f", r.perSecond() / baseline.perSecond())));
        }
        return t.toString();
    }
}
