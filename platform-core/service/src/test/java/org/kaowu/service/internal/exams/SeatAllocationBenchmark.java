package org.kaowu.service.internal.exams;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Seat allocation at province scale, not a test (it asserts nothing): 1,000,000 course enrollments over
 * 2,000 rooms (8 exam areas of 250 rooms of 150 seats, 4 sessions, 12 courses per session of Zipf-like
 * sizes, 1 in 200 needing an accessible seat, 4 accessible seats a room), allocated as the service does (per
 * exam area and session, neighbours sitting different courses). Prints the time of each run and the peak
 * heap, with a baseline measured in the same run: the same seating without the neighbour rule. Run with {@code mvn -B -o verify -pl platform-core/service -Pbenchmark} after an install, or
 * {@code -Dkaowu.bench.enrollments=... -Dkaowu.bench.rooms=...}.
 */
public final class SeatAllocationBenchmark {
    private SeatAllocationBenchmark() {
    }

    public static void main(String[] args) {
        int enrollments = Integer.getInteger("kaowu.bench.enrollments", 1_000_000);
        int roomCount = Integer.getInteger("kaowu.bench.rooms", 2_000);
        int areas = 8;
        int sessions = 4;
        int coursesPerSession = 12;
        int capacity = 150;
        Random random = new Random(2027);
        // Inputs are made before measuring: they are what the store reads, not the allocation's work.
        List<List<List<SeatAllocator.Candidate>>> input = new ArrayList<>();
        double[] weights = new double[coursesPerSession];
        double total = 0;
        for (int c = 0; c < coursesPerSession; c++) {
            weights[c] = 1.0 / (c + 1);
            total += weights[c];
        }
        for (int a = 0; a < areas; a++) {
            List<List<SeatAllocator.Candidate>> bySession = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                int n = enrollments / (areas * sessions);
                List<SeatAllocator.Candidate> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    double x = random.nextDouble() * total;
                    int c = 0;
                    while (x > weights[c] && c < coursesPerSession - 1) {
                        x -= weights[c];
                        c++;
                    }
                    list.add(new SeatAllocator.Candidate(new UUID(random.nextLong(), random.nextLong()), "S" + s + "C" + c, random.nextInt(200) == 0));
                }
                bySession.add(list);
            }
            input.add(bySession);
        }
        List<SeatAllocator.Room> rooms = new ArrayList<>();
        for (int r = 0; r < roomCount / areas; r++) {
            rooms.add(new SeatAllocator.Room("site" + r / 20, "room" + r, capacity, 4));
        }
        int seats = input.stream().mapToInt(a -> a.stream().mapToInt(List::size).sum()).sum();
        System.out.printf("Seat allocation: %,d course enrollments, %,d rooms of %d seats (%d exam areas x %d sessions), neighbours sitting different courses%n",
                seats, roomCount, capacity, areas, sessions);
        // Baseline in the same run: the same enrollments seated without the neighbour rule (one course after another).
        System.out.printf("%-8s %22s %16s %22s%n", "run", "neighbours apart (ms)", "peak heap (MB)", "baseline: no rule (ms)");
        for (int run = 1; run <= 5; run++) {
            long[] apart = measure(input, rooms, true, 42 + run, seats);
            long[] plain = measure(input, rooms, false, 42 + run, seats);
            System.out.printf("%-8s %,22d %,16d %,22d%n", run == 1 ? "1 (cold)" : Integer.toString(run), apart[0], apart[1] / (1024 * 1024), plain[0]);
        }
        System.out.printf("max heap %,d MB, %d processors%n", Runtime.getRuntime().maxMemory() / (1024 * 1024),
                Runtime.getRuntime().availableProcessors());
    }

    /** One allocation of every area and session: {milliseconds, peak heap bytes}. */
    private static long[] measure(List<List<List<SeatAllocator.Candidate>>> input, List<SeatAllocator.Room> rooms, boolean apart, long seed, int seats) {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long started = System.nanoTime();
        long placed = 0;
        for (List<List<SeatAllocator.Candidate>> area : input) {
            for (List<SeatAllocator.Candidate> session : area) {
                placed += SeatAllocator.allocate(rooms, session, apart, seed).length;
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        if (placed != seats) {
            throw new IllegalStateException("placed " + placed + " of " + seats);
        }
        return new long[] {millis, peak};
    }
}
