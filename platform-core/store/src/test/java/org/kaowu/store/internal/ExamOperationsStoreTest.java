package org.kaowu.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;


import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kaowu.api.Enrollment;
import org.kaowu.api.EnrollmentPrice;
import org.kaowu.api.EnrollmentStatus;
import org.kaowu.api.EnrollmentStep;
import org.kaowu.api.ExamRoom;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.PaymentMethod;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.api.SeatAllocationSummary;
import org.kaowu.store.ExamOperationsStore;
import org.kaowu.store.ExamOperationsStore.Seat;
import org.kaowu.store.NewCandidate;

/**
 * The exam rooms, seat allocations, seats and accessible-seat needs on real Derby and PostgreSQL: rooms
 * added and changed in one call, only PAID enrollments' courses read for seating, seats replaced while
 * DRAFT and never after publication (one of many parallel publications wins), one candidate per seat
 * (the constraint), moves, and a large allocation written in batches (its time printed).
 */
class ExamOperationsStoreTest {
    private static final Instant T0 = Instant.parse("2027-03-20T02:00:00Z");

    static java.util.stream.Stream<CandidateStoreTest.Db> databases() throws Exception {
        return StoreDatabases.both();
    }

    private record Stores(JpaCandidateStore candidates, JpaEnrollmentStore enrollments, JpaExamOperationsStore exams) {
    }

    private static Stores stores(CandidateStoreTest.Db db) throws Exception {
        PersonalData data = PersonalData.generate();
        Transactions tx = StoreDatabases.migrated(db, data);
        return new Stores(new JpaCandidateStore(tx, db.name(), data), new JpaEnrollmentStore(tx), new JpaExamOperationsStore(tx));
    }

    private static UUID candidate(Stores s, String idNumber) {
        return s.candidates().register(new NewCandidate("testregion", "张三", IdentityDocumentType.RESIDENT_ID, idNumber, "13800138000",
                Optional.empty(), "$2y$10$hash", RegistrationStatus.REGISTERED, "000001", "org.example.region", "1.0.0",
                T0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("zh"), java.util.Set.of()),
                seq -> Optional.empty()).id();
    }

    /** An enrollment of the candidate in 2027-04 at exam area 6501, with two courses, paid or not. */
    private static UUID enrollment(Stores s, UUID candidate, boolean paid) {
        Enrollment e = s.enrollments().createEnrollment(new Enrollment(UUID.randomUUID(), "testregion", candidate, "2027-04", EnrollmentStatus.DRAFT,
                EnrollmentStep.PAY, List.of("120202"), List.of(new Enrollment.Line("120202", "03708", "am"), new Enrollment.Line("120202", "03709", "pm")),
                Optional.of("6501"), Optional.of(PaymentMethod.ONLINE), Optional.empty(), T0, T0));
        s.enrollments().lockForPayment("testregion", e.id(), new EnrollmentPrice(new java.math.BigDecimal("60.00"), "CNY", "x 1"), T0);
        if (paid) {
            s.enrollments().changeStatus("testregion", e.id(), EnrollmentStatus.AWAITING_PAYMENT, EnrollmentStatus.PAID, T0);
        }
        return e.id();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void roomsAreAddedAndChangedAndTakenOutOfUse(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        ExamOperationsStore x = s.exams();
        assertThat(x.saveRooms("testregion", List.of(new ExamRoom("6501", "S1", "第一中学", "101", 30, 2, true),
                new ExamRoom("6501", "S1", "第一中学", "102", 30, 0, true), new ExamRoom("6502", "S9", "Site 9", "1", 40, 0, true)), T0, "staff:p")).isEqualTo(3);
        assertThat(x.saveRooms("testregion", List.of(new ExamRoom("6501", "S1", "第一中学", "102", 25, 1, true),
                new ExamRoom("6501", "S2", "第二中学", "201", 20, 0, true)), T0, "staff:p")).isEqualTo(1);
        assertThat(x.rooms("testregion", Optional.of("6501"))).containsExactly(new ExamRoom("6501", "S1", "第一中学", "101", 30, 2, true),
                new ExamRoom("6501", "S1", "第一中学", "102", 25, 1, true), new ExamRoom("6501", "S2", "第二中学", "201", 20, 0, true));
        assertThat(x.rooms("testregion", Optional.empty())).hasSize(4);
        assertThat(x.rooms("otherregion", Optional.empty())).isEmpty();
        assertThat(x.setRoomInUse("testregion", "6501", "S1", "101", false, T0, "staff:p")).isTrue();
        assertThat(x.setRoomInUse("testregion", "6501", "S1", "999", false, T0, "staff:p")).isFalse();
        assertThat(x.rooms("testregion", Optional.of("6501")).get(0).inUse()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void seatsAreReplacedWhileDraftAndFrozenOncePublished(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        ExamOperationsStore x = s.exams();
        UUID c1 = candidate(s, "11010519491231002X");
        UUID c2 = candidate(s, "110105194912310029");
        UUID c3 = candidate(s, "110105194912310037");
        UUID e1 = enrollment(s, c1, true);
        UUID e2 = enrollment(s, c2, true);
        enrollment(s, c3, false);
        List<ExamOperationsStore.CourseEnrollment> paid = x.paidCourseEnrollments("testregion", "2027-04", "6501");
        assertThat(paid).hasSize(4).extracting(ExamOperationsStore.CourseEnrollment::enrollment).containsOnly(e1, e2);
        assertThat(paid).extracting(ExamOperationsStore.CourseEnrollment::session).containsOnly("am", "pm");
        assertThat(x.paidCourseEnrollments("testregion", "2027-04", "6502")).isEmpty();

        List<Seat> first = List.of(new Seat("am", e1, c1, "03708", "S1", "101", 1), new Seat("am", e2, c2, "03708", "S1", "101", 3),
                new Seat("pm", e1, c1, "03709", "S1", "101", 1), new Seat("pm", e2, c2, "03709", "S1", "101", 3));
        assertThat(x.replaceSeats("testregion", "2027-04", "6501", 7, T0, "staff:p", first)).isTrue();
        List<Seat> second = List.of(new Seat("am", e1, c1, "03708", "S1", "101", 2), new Seat("am", e2, c2, "03708", "S1", "102", 1));
        assertThat(x.replaceSeats("testregion", "2027-04", "6501", 8, T0.plusSeconds(5), "staff:p", second)).isTrue();
        assertThat(x.seats("testregion", "2027-04", "6501")).containsExactlyElementsOf(second);
        assertThat(x.allocation("testregion", "2027-04", "6501").orElseThrow()).satisfies(a -> {
            assertThat(a.status()).isEqualTo(SeatAllocationSummary.Status.DRAFT);
            assertThat(a.seed()).isEqualTo(8);
            assertThat(a.seats()).isEqualTo(2);
            assertThat(a.allocatedAt()).isEqualTo(T0.plusSeconds(5));
        });
        // One candidate per seat: the database refuses a second in seat 2 of room 101 in the morning, and nothing of that call is kept.
        assertThatThrownBy(() -> x.replaceSeats("testregion", "2027-04", "6501", 9, T0, "staff:p",
                List.of(new Seat("am", e1, c1, "03708", "S1", "101", 2), new Seat("am", e2, c2, "03708", "S1", "101", 2)))).isNotNull();
        assertThat(x.seats("testregion", "2027-04", "6501")).containsExactlyElementsOf(second);

        // Of twelve parallel publications one makes the change.
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Callable<Boolean> call = () -> {
                    start.await();
                    return x.publish("testregion", "2027-04", "6501", T0.plusSeconds(60), "staff:p");
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> f : results) {
                won += f.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(x.allocation("testregion", "2027-04", "6501").orElseThrow().publishedAt()).contains(T0.plusSeconds(60));
        // Published: frozen.
        assertThat(x.replaceSeats("testregion", "2027-04", "6501", 10, T0, "staff:p", first)).isFalse();
        assertThat(x.seats("testregion", "2027-04", "6501")).containsExactlyElementsOf(second);
        // A late change moves seats, and only those given.
        x.moveSeats("testregion", "2027-04", List.of(new Seat("am", e2, c2, "03708", "S2", "201", 5)));
        assertThat(x.seatsOf("testregion", "2027-04", c2)).containsExactly(new Seat("am", e2, c2, "03708", "S2", "201", 5));
        assertThat(x.seatsOf("testregion", "2027-04", c1)).containsExactly(new Seat("am", e1, c1, "03708", "S1", "101", 2));
        assertThat(x.seatsOf("testregion", "2027-10", c1)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void allocationsRacingAPublicationLeaveOneWholeSetOfSeats(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        ExamOperationsStore x = s.exams();
        UUID c = candidate(s, "11010519491231002X");
        // Each run seats the same 200 enrollments, run k at seat numbers shifted by k: a mixture of two runs would show.
        java.util.function.IntFunction<List<Seat>> run = k -> {
            List<Seat> seats = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                seats.add(new Seat("am", new UUID(9, i), c, "C" + (i % 3), "S1", "R" + (i / 20), 1 + (i % 20) + 20 * k));
            }
            return seats;
        };
        assertThat(x.replaceSeats("testregion", "2027-04", "6501", 0, T0, "staff:p", run.apply(0))).isTrue();
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n + 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> replaced = new ArrayList<>();
        try {
            for (int k = 1; k <= n; k++) {
                int seed = k;
                replaced.add(pool.submit(() -> {
                    start.await();
                    return x.replaceSeats("testregion", "2027-04", "6501", seed, T0, "staff:p", run.apply(seed));
                }));
            }
            Future<Boolean> published = pool.submit(() -> {
                start.await();
                return x.publish("testregion", "2027-04", "6501", T0, "staff:p");
            });
            start.countDown();
            assertThat(published.get()).isTrue();
            for (Future<Boolean> f : replaced) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        ExamOperationsStore.AllocationRecord a = x.allocation("testregion", "2027-04", "6501").orElseThrow();
        assertThat(a.status()).isEqualTo(SeatAllocationSummary.Status.PUBLISHED);
        // The seats are the whole set of the run that wrote last before the publication, which the row's seed names.
        assertThat(x.seats("testregion", "2027-04", "6501")).containsExactlyInAnyOrderElementsOf(run.apply((int) a.seed()));
        assertThat(x.replaceSeats("testregion", "2027-04", "6501", 99, T0, "staff:p", run.apply(1))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void accessibleSeatNeedsAreRecordedAndCleared(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        UUID c1 = candidate(s, "11010519491231002X");
        s.exams().setAccessibleSeatNeed("testregion", c1, true, T0, "staff:c");
        s.exams().setAccessibleSeatNeed("testregion", c1, true, T0, "staff:c");
        assertThat(s.exams().accessibleSeatNeeds("testregion")).containsExactly(c1);
        assertThat(s.exams().accessibleSeatNeeds("otherregion")).isEmpty();
        s.exams().setAccessibleSeatNeed("testregion", c1, false, T0, "staff:c");
        assertThat(s.exams().accessibleSeatNeeds("testregion")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLargeAllocationIsWrittenInBatches(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        UUID c = candidate(s, "11010519491231002X");
        // 50,000 seats of one area (the seat table has no foreign key to enrollments: an allocation is a snapshot).
        List<Seat> seats = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            seats.add(new Seat("s" + (i % 4), new UUID(7, i), c, "C" + (i % 9), "S" + (i / 4 / 3000), "R" + (i / 4 / 30), 1 + (i / 4) % 30));
        }
        long t0 = System.nanoTime();
        assertThat(s.exams().replaceSeats("testregion", "2027-04", "6501", 1, T0, "staff:p", seats)).isTrue();
        long t1 = System.nanoTime();
        assertThat(s.exams().replaceSeats("testregion", "2027-04", "6501", 2, T0, "staff:p", seats)).isTrue();
        long t2 = System.nanoTime();
        System.out.printf("%s: 50,000 seats written in %d ms, replaced in %d ms%n", db.name(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        assertThat(s.exams().seats("testregion", "2027-04", "6501")).hasSize(50_000);
    }
}
