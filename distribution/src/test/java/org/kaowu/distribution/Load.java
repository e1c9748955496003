package org.kaowu.distribution;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
        ClosedLoop.Worker sender = () -> ok.test(client.send(requests.get(), HttpResponse.BodyHandlers.ofByteArray()).statusCode());
        ClosedLoop.run(clients, warmUp, () -> sender);
        long start = System.nanoTime();
        List<long[]> latencies = ClosedLoop.run(clients, measure, () -> sender);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] answered = ClosedLoop.succeeded(latencies);
        return new Result(name, answered.length, ClosedLoop.failed(latencies), seconds, ClosedLoop.percentile(answered, 0.50),
                ClosedLoop.percentile(answered, 0.99), answered.length == 0 ? 0 : answered[answered.length - 1] / 1e6);
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
