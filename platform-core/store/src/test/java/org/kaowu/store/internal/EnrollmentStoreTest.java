package org.kaowu.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
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
import org.kaowu.api.ErrorCode;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.KaowuException;
import org.kaowu.api.PaymentMethod;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.store.EnrollmentStore;
import org.kaowu.store.NewCandidate;
import org.kaowu.store.StoredCandidate;

/**
 * The enrollment tables on real Derby and PostgreSQL: one enrollment per candidate and sitting under
 * parallel inserts (the constraint decides, not a check before insert), one course per session, and the
 * lock for payment as one conditional update that exactly one of many parallel calls wins.
 */
class EnrollmentStoreTest {
    private static final Instant T0 = Instant.parse("2019-02-20T06:00:00Z");

    static java.util.stream.Stream<CandidateStoreTest.Db> databases() throws Exception {
        return StoreDatabases.both();
    }

    private record Stores(JpaCandidateStore candidates, JpaEnrollmentStore enrollments, JpaPaymentStore payments) {
    }

    private static Stores stores(CandidateStoreTest.Db db) throws Exception {
        PersonalData data = PersonalData.generate();
        Transactions tx = StoreDatabases.migrated(db, data);
        return new Stores(new JpaCandidateStore(tx, db.name(), data), new JpaEnrollmentStore(tx), new JpaPaymentStore(tx, () -> T0));
    }

    private static StoredCandidate candidate(Stores s, String idNumber) {
        return s.candidates().register(new NewCandidate("testregion", "张三", IdentityDocumentType.RESIDENT_ID, idNumber, "13800138000",
                Optional.empty(), "$2y$10$hash", RegistrationStatus.REGISTERED, "000001", "org.example.region", "1.0.0",
                T0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("zh"), java.util.Set.of()),
                seq -> Optional.empty());
    }

    private static Enrollment draft(UUID candidate, String sitting) {
        return new Enrollment(UUID.randomUUID(), "testregion", candidate, sitting, EnrollmentStatus.DRAFT, EnrollmentStep.MAJORS, List.of(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), T0, T0);
    }

    private static Enrollment ready(Enrollment e) {
        return e.afterStep(EnrollmentStep.PAY, List.of("120202"),
                List.of(new Enrollment.Line("120202", "03708", "2019-04-13-am"), new Enrollment.Line("120202", "03709", "2019-04-13-pm")),
                Optional.of("6501"), Optional.of(PaymentMethod.ONLINE), T0.plusSeconds(60));
    }

    /** A draft of a new candidate, its choices made up to the payment. */
    private Enrollment readyToPay(Stores s) {
        Enrollment created = s.enrollments().createEnrollment(draft(candidate(s, "11010519491231002X").id(), "2019-04"));
        return s.enrollments().saveDraft(created, ready(created));
    }

    /** {@code n} tasks started at the same moment on threads of their own; their results, in order. */
    private static <T> List<T> atOnce(int n, java.util.function.IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<T> t = task.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return t.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(2, java.util.concurrent.TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void oneEnrollmentPerSittingUnderParallelInserts(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        UUID candidate = candidate(s, "11010519491231002X").id();
        int n = 12;
        List<Object> results = atOnce(n, i -> () -> {
            try {
                return s.enrollments().createEnrollment(draft(candidate, "2019-04"));
            } catch (KaowuException e) {
                return e.code();
            }
        });
        assertThat(results).filteredOn(r -> r instanceof Enrollment).hasSize(1);
        assertThat(results).filteredOn(r -> !(r instanceof Enrollment)).hasSize(n - 1).containsOnly(ErrorCode.ALREADY_ENROLLED);
        assertThat(s.enrollments().enrollments("testregion", candidate)).hasSize(1);
        // Another sitting is another enrollment.
        assertThat(s.enrollments().createEnrollment(draft(candidate, "2019-10")).sitting()).isEqualTo("2019-10");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void choicesAreSavedWhileDraftAndOneCoursePerSession(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        UUID candidate = candidate(s, "11010519491231002X").id();
        Enrollment e = s.enrollments().createEnrollment(draft(candidate, "2019-04"));
        Enrollment saved = s.enrollments().saveDraft(e, ready(e));
        assertThat(saved.majors()).containsExactly("120202");
        assertThat(saved.lines()).extracting(Enrollment.Line::course).containsExactly("03708", "03709");
        assertThat(saved.examArea()).contains("6501");
        assertThat(saved.next()).isEqualTo(EnrollmentStep.PAY);

        Enrollment clash = saved.afterStep(EnrollmentStep.EXAM_AREA, List.of("120202"),
                List.of(new Enrollment.Line("120202", "03708", "2019-04-13-am"), new Enrollment.Line("120202", "00041", "2019-04-13-am")),
                Optional.empty(), Optional.empty(), T0.plusSeconds(90));
        assertThatThrownBy(() -> s.enrollments().saveDraft(saved, clash)).isInstanceOfSatisfying(KaowuException.class,
                x -> assertThat(x.code()).isEqualTo(ErrorCode.SESSION_CONFLICT));
        assertThat(s.enrollments().findEnrollment("testregion", e.id())).contains(saved);
        assertThat(s.enrollments().findEnrollment("otherregion", e.id())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aStepAnswersWhatAFreshReadGivesWhetherItsChoicesChangedOrNot(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        Enrollment e = readyToPay(s);
        // the exam area alone: majors and lines stay as they were
        Enrollment area = s.enrollments().saveDraft(e, e.afterStep(EnrollmentStep.PAYMENT_METHOD, e.majors(), e.lines(), Optional.of("6502"),
                Optional.empty(), T0.plusSeconds(61).plusNanos(123_456_789)));
        assertThat(s.enrollments().findEnrollment("testregion", e.id())).contains(area);
        assertThat(area.lines()).isEqualTo(e.lines());
        assertThat(area.examArea()).contains("6502");
        // other courses, in another order: the lines are written again, in the new order
        List<Enrollment.Line> other = List.of(new Enrollment.Line("120202", "03709", "2019-04-13-pm"), new Enrollment.Line("120202", "00015", "2019-04-14-am"),
                new Enrollment.Line("120202", "03708", "2019-04-13-am"));
        Enrollment courses = s.enrollments().saveDraft(area, area.afterStep(EnrollmentStep.EXAM_AREA, area.majors(), other, Optional.empty(), Optional.empty(),
                T0.plusSeconds(62)));
        assertThat(s.enrollments().findEnrollment("testregion", e.id())).contains(courses);
        assertThat(courses.lines()).isEqualTo(other);
        // new majors: no lines
        Enrollment majors = s.enrollments().saveDraft(courses, courses.afterStep(EnrollmentStep.COURSES, List.of("080901"), List.of(), Optional.empty(),
                Optional.empty(), T0.plusSeconds(63)));
        assertThat(s.enrollments().findEnrollment("testregion", e.id())).contains(majors);
        assertThat(majors.majors()).containsExactly("080901");
        assertThat(majors.lines()).isEmpty();
    }

    /**
     * Fifty steps of one draft at once, each made from the same read (two requests of one candidate, a
     * double click): one is saved, every other is refused CONFLICT_RETRY, and the enrollment is the saved one,
     * never a mix and never a later write over an earlier one's answer.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void ofFiftyParallelStepsFromOneReadOneIsSavedAndNoneOverwritesIt(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        Enrollment read = readyToPay(s);
        List<Object> results = atOnce(50, i -> () -> {
            try {
                return s.enrollments().saveDraft(read, read.afterStep(EnrollmentStep.PAYMENT_METHOD, read.majors(), read.lines(),
                        Optional.of(String.format("%04d", 7000 + i)), Optional.empty(), T0.plusSeconds(120)));
            } catch (KaowuException refused) {
                return refused.code();
            }
        });
        List<Object> saved = results.stream().filter(r -> r instanceof Enrollment).toList();
        assertThat(saved).hasSize(1);
        assertThat(results).filteredOn(r -> !(r instanceof Enrollment)).hasSize(49).containsOnly(ErrorCode.CONFLICT_RETRY);
        assertThat(s.enrollments().findEnrollment("testregion", read.id())).contains((Enrollment) saved.get(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void exactlyOneParallelLockForPaymentWinsAndTheLockedEnrollmentIsNeverChanged(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        Enrollment e = readyToPay(s);
        EnrollmentPrice price = new EnrollmentPrice(new BigDecimal("60.00"), "CNY", "org.kaowu.regions.testregion 1.0.0");
        assertThat(atOnce(16, i -> () -> s.enrollments().lockForPayment("testregion", e.id(), price, T0.plusSeconds(120))))
                .containsOnlyOnce(true);
        Enrollment locked = s.enrollments().findEnrollment("testregion", e.id()).orElseThrow();
        assertThat(locked.status()).isEqualTo(EnrollmentStatus.AWAITING_PAYMENT);
        assertThat(locked.price()).contains(price);
        assertThatThrownBy(() -> s.enrollments().saveDraft(e, ready(e))).isInstanceOfSatisfying(KaowuException.class,
                x -> assertThat(x.code()).isEqualTo(ErrorCode.ENROLLMENT_LOCKED));
        assertThat(s.enrollments().findEnrollment("testregion", e.id())).contains(locked);

        assertThat(s.enrollments().changeStatus("testregion", e.id(), EnrollmentStatus.AWAITING_PAYMENT, EnrollmentStatus.PAID, T0)).isTrue();
        assertThat(s.enrollments().changeStatus("testregion", e.id(), EnrollmentStatus.AWAITING_PAYMENT, EnrollmentStatus.PAID, T0)).isFalse();
        List<EnrollmentStore.EnrollmentLineRow> rows = s.enrollments().enrollmentLines("testregion", "2019-04");
        assertThat(rows).hasSize(2).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(EnrollmentStatus.PAID);
            assertThat(r.amount()).contains(new BigDecimal("60.00"));
            assertThat(r.office()).isEqualTo("000001");
            assertThat(r.lines()).isEqualTo(2);
        });
    }

    /** One payment order per enrollment, however many parallel "pay" requests insert one: the unique constraint decides. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void onePaymentOrderPerEnrollmentUnderParallelOpensSettledOnce(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        UUID candidate = candidate(s, "11010519491231002X").id();
        Enrollment e = s.enrollments().createEnrollment(draft(candidate, "2019-04"));
        s.enrollments().saveDraft(e, ready(e));
        assertThat(s.enrollments().lockForPayment("testregion", e.id(),
                new org.kaowu.api.EnrollmentPrice(new java.math.BigDecimal("60.00"), "CNY", "org.example.region 1.0.0"), T0)).isTrue();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var order : atOnce(20, i -> () -> s.payments().openOrder(new org.kaowu.store.PaymentOrderRecord(UUID.randomUUID().toString(), "testregion",
                e.id(), "simulator", Optional.empty(), Optional.empty(), new java.math.BigDecimal("60.00"), "CNY", "org.example.region 1.0.0",
                org.kaowu.store.PaymentOrderRecord.OPEN, T0.plusSeconds(3600), T0, Optional.empty())))) {
            ids.add(order.id());
        }
        assertThat(ids).hasSize(1);
        String id = ids.iterator().next();
        var order = s.payments().findOrder(id).orElseThrow();
        assertThat(order.amount()).isEqualByComparingTo("60.00");
        assertThat(order.pricedBy()).isEqualTo("org.example.region 1.0.0");
        assertThat(order.expiresAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(s.payments().ordersIn("OPEN")).extracting(org.kaowu.store.PaymentOrderRecord::id).containsExactly(id);

        assertThat(s.payments().attachGatewayOrder(id, "G1", "http://gw/pay/G1").payUrl()).contains("http://gw/pay/G1");
        assertThat(s.payments().attachGatewayOrder(id, "G2", "http://gw/pay/G2").gatewayOrderId()).as("the first answer stays").contains("G1");
        assertThat(s.payments().settleOrder(id, "PAID", T0.plusSeconds(60))).isTrue();
        assertThat(s.payments().settleOrder(id, "PAID", T0.plusSeconds(61))).as("settled once").isFalse();
        assertThat(s.payments().settleOrder(id, "EXPIRED", T0.plusSeconds(62))).isFalse();
        assertThat(s.payments().orderOfEnrollment("testregion", e.id()).orElseThrow().status()).isEqualTo("PAID");
    }
}
