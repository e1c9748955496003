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
 * heap. Run with {@code mvn -B -o verify -pl platform-core/service -Pbenchmark} after an install, or
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
        System.out.printf("%-8s %12s %16s%n", "run", "time (ms)", "peak heap (MB)");
        for (int run = 1; run <= 5; run++) {
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long started = System.nanoTime();
            long placed = 0;
            for (int a = 0; a < areas; a++) {
                for (int s = 0; s < sessions; s++) {
                    placed += SeatAllocator.allocate(rooms, input.get(a).get(s), true, 42 + run).length;
                }
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            if (placed != seats) {
                throw new IllegalStateException("placed " + placed + " of " + seats);
            }
            System.out.printf("%-8s %,12d %,16d%n", run == 1 ? "1 (cold)" : Integer.toString(run), millis, peak / (1024 * 1024));
        }
        System.out.printf("max heap %,d MB, %d processors%n", Runtime.getRuntime().maxMemory() / (1024 * 1024),
                Runtime.getRuntime().availableProcessors());
    }
}
