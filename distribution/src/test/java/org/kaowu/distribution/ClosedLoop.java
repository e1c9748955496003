package org.kaowu.distribution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/** A closed loop: threads each doing one operation after another for a fixed time, every latency recorded. */
public final class ClosedLoop {
    /** One thread's operation, with what it holds (e.g. a connection) closed at the end. */
    public interface Worker extends AutoCloseable {
        /** Does the operation once: true if it succeeded. */
        boolean once() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    private ClosedLoop() {
    }

    /** Each thread's latencies in nanoseconds, a failed operation's as -1; {@code open} gives each thread its worker. */
    public static List<long[]> run(int threads, Duration duration, Callable<Worker> open) throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    long[] l = new long[1024];
                    int n = 0;
                    try (Worker w = open.call()) {
                        while (!stop.get()) {
                            long t0 = System.nanoTime();
                            boolean ok;
                            try {
                                ok = w.once();
                            } catch (Exception e) {
                                ok = false;
                            }
                            if (n == l.length) {
                                l = Arrays.copyOf(l, n * 2);
                            }
                            l[n++] = ok ? System.nanoTime() - t0 : -1;
                        }
                    }
                    latencies.add(Arrays.copyOf(l, n));
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
        return latencies;
    }

    /** The successful operations' latencies, sorted. */
    public static long[] succeeded(List<long[]> latencies) {
        return latencies.stream().flatMapToLong(Arrays::stream).filter(l -> l >= 0).sorted().toArray();
    }

    /** How many operations failed. */
    public static long failed(List<long[]> latencies) {
        return latencies.stream().flatMapToLong(Arrays::stream).filter(l -> l < 0).count();
    }

    /** The {@code p} percentile of sorted nanoseconds, in milliseconds (0 for none). */
    public static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
