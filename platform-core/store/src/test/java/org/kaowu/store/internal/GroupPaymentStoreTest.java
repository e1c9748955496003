package org.kaowu.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
import org.kaowu.store.GroupPaymentOrderRecord;
import org.kaowu.store.NewCandidate;
import org.kaowu.store.PaymentOrderRecord;

/**
 * Group payment orders (V14) on real Derby and PostgreSQL: an order locks its enrollments and takes them as
 * lines in one transaction; of parallel orders naming the same enrollment exactly one commits and the others
 * store nothing (the unique constraint on the line's enrollment, not a check before insert); the order's
 * amount is the sum of its lines; it settles once; a lapsed order is reported paid-at-the-gateway once.
 */
class GroupPaymentStoreTest {
    private static final Instant T0 = Instant.parse("2019-02-21T04:00:00Z");

    static java.util.stream.Stream<CandidateStoreTest.Db> databases() throws Exception {
        return StoreDatabases.both();
    }

    private record Stores(JpaCandidateStore candidates, JpaEnrollmentStore enrollments, JpaPaymentStore payments, JpaPaymentOrderStore orders) {
    }

    private static Stores stores(CandidateStoreTest.Db db) throws Exception {
        PersonalData data = PersonalData.generate();
        Transactions tx = StoreDatabases.migrated(db, data);
        return new Stores(new JpaCandidateStore(tx, db.name(), data), new JpaEnrollmentStore(tx), new JpaPaymentStore(tx, () -> T0),
                new JpaPaymentOrderStore(tx));
    }

    /** A candidate's enrollment of sitting 2019-04 ready to pay (two courses) by {@code method}. */
    private static UUID ready(Stores s, int n, PaymentMethod method) {
        UUID candidate = s.candidates().register(new NewCandidate("testregion", "考生" + n, IdentityDocumentType.RESIDENT_ID,
                String.format("1101051949%08d", n), "13800138000", Optional.empty(), "$2y$10$hash", RegistrationStatus.REGISTERED,
                String.format("%06d", n), "org.example.region", "1.0.0", T0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("UNIT-1"),
                Optional.of("zh"), java.util.Set.of()), seq -> Optional.empty()).id();
        Enrollment e = s.enrollments().createEnrollment(new Enrollment(UUID.randomUUID(), "testregion", candidate, "2019-04", EnrollmentStatus.DRAFT,
                EnrollmentStep.MAJORS, List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), T0, T0));
        s.enrollments().saveDraft(e, e.afterStep(EnrollmentStep.PAY, List.of("120202"),
                List.of(new Enrollment.Line("120202", "03708", "2019-04-13-am"), new Enrollment.Line("120202", "03709", "2019-04-13-pm")),
                Optional.of("6501"), Optional.of(method), T0.plusSeconds(60)));
        return e.id();
    }

    private static GroupPaymentOrderRecord order(UUID... enrollments) {
        List<GroupPaymentOrderRecord.Line> lines = new ArrayList<>();
        for (UUID e : enrollments) {
            lines.add(new GroupPaymentOrderRecord.Line(e, new BigDecimal("60.00")));
        }
        return new GroupPaymentOrderRecord(UUID.randomUUID().toString(), "testregion", "UNIT-1", "2019-04", "unit-staff", "simulator",
                Optional.empty(), Optional.empty(), BigDecimal.ZERO, "CNY", "org.example.region 1.0.0", PaymentOrderRecord.OPEN,
                T0.plusSeconds(3600), T0, Optional.empty(), lines);
    }

    private static EnrollmentStatus status(Stores s, UUID e) {
        return s.enrollments().findEnrollment("testregion", e).orElseThrow().status();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void parallelGroupOrdersNamingOneEnrollmentTakeItOnceAndTheLosersStoreNothing(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        UUID shared = ready(s, 1, PaymentMethod.GROUP);
        int n = 8;
        List<UUID> own = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            own.add(ready(s, 10 + i, PaymentMethod.GROUP));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> results = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                UUID mine = own.get(i);
                Callable<Object> call = () -> {
                    go.await();
                    try {
                        return s.orders().openGroupOrder(order(mine, shared));
                    } catch (KaowuException e) {
                        return e.code();
                    }
                };
                results.add(pool.submit(call));
            }
            go.countDown();
            List<GroupPaymentOrderRecord> made = new ArrayList<>();
            for (Future<Object> f : results) {
                Object r = f.get();
                if (r instanceof GroupPaymentOrderRecord o) {
                    made.add(o);
                } else {
                    assertThat(r).isIn(ErrorCode.ENROLLMENT_LOCKED, ErrorCode.CONFLICT_RETRY);
                }
            }
            assertThat(made).hasSize(1);
            GroupPaymentOrderRecord won = made.get(0);
            assertThat(won.amount()).isEqualByComparingTo("120.00");
            assertThat(won.lines()).extracting(GroupPaymentOrderRecord.Line::enrollment).contains(shared);
            UUID winner = won.lines().stream().map(GroupPaymentOrderRecord.Line::enrollment).filter(e -> !e.equals(shared)).findFirst().orElseThrow();
            for (UUID e : own) {
                assertThat(status(s, e)).as("a refused order locked nothing").isEqualTo(e.equals(winner) ? EnrollmentStatus.AWAITING_PAYMENT
                        : EnrollmentStatus.DRAFT);
                assertThat(s.orders().groupOrderOfEnrollment("testregion", e).isPresent()).isEqualTo(e.equals(winner));
            }
            assertThat(s.orders().groupOrdersIn("OPEN")).extracting(GroupPaymentOrderRecord::id).containsExactly(won.id());
            assertThat(status(s, shared)).isEqualTo(EnrollmentStatus.AWAITING_PAYMENT);
            // the shared enrollment is in that order, and cannot be taken by another one afterwards either
            assertThatThrownBy(() -> s.orders().openGroupOrder(order(shared))).isInstanceOfSatisfying(KaowuException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.ENROLLMENT_LOCKED));

            assertThat(s.orders().attachGroupGatewayOrder(won.id(), "G1", "http://gw/pay/G1").payUrl()).contains("http://gw/pay/G1");
            assertThat(s.orders().attachGroupGatewayOrder(won.id(), "G2", "http://gw/pay/G2").gatewayOrderId()).contains("G1");
            assertThat(s.orders().settleGroupOrder(won.id(), "PAID", T0.plusSeconds(60))).isTrue();
            assertThat(s.orders().settleGroupOrder(won.id(), "PAID", T0.plusSeconds(61))).as("settled once").isFalse();
            assertThat(s.orders().settleGroupOrder(won.id(), "EXPIRED", T0.plusSeconds(62))).isFalse();
            assertThat(s.orders().findGroupOrder(won.id()).orElseThrow().status()).isEqualTo("PAID");
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anOrderTakesOnlyReadyGroupEnrollmentsOrNothing(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        UUID group = ready(s, 1, PaymentMethod.GROUP);
        UUID online = ready(s, 2, PaymentMethod.ONLINE);
        assertThatThrownBy(() -> s.orders().openGroupOrder(order(group, online))).isInstanceOfSatisfying(KaowuException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYMENT_METHOD_MISMATCH));
        assertThat(status(s, group)).as("rolled back whole").isEqualTo(EnrollmentStatus.DRAFT);
        assertThat(status(s, online)).isEqualTo(EnrollmentStatus.DRAFT);
        assertThat(s.orders().groupOrdersIn("OPEN")).isEmpty();
        assertThatThrownBy(() -> s.orders().openGroupOrder(order(group, UUID.randomUUID()))).isInstanceOfSatisfying(KaowuException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ENROLLMENT_NOT_FOUND));
        assertThat(status(s, group)).isEqualTo(EnrollmentStatus.DRAFT);

        // a GROUP enrollment locked before (its amount kept), taken with a fresh one: the sum of what each was priced at
        assertThat(s.enrollments().lockForPayment("testregion", group, new EnrollmentPrice(new BigDecimal("50.00"), "CNY", "org.example.region 1.0.0"),
                T0)).isTrue();
        UUID fresh = ready(s, 3, PaymentMethod.GROUP);
        GroupPaymentOrderRecord made = s.orders().openGroupOrder(order(group, fresh));
        assertThat(made.amount()).isEqualByComparingTo("110.00");
        assertThat(s.enrollments().findEnrollment("testregion", fresh).orElseThrow().price()).get()
                .satisfies(p -> assertThat(p.value()).isEqualByComparingTo("60.00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theDatabaseRefusesASecondLineForOneEnrollment(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        UUID e = ready(s, 1, PaymentMethod.GROUP);
        GroupPaymentOrderRecord first = s.orders().openGroupOrder(order(e));
        GroupPaymentOrderRecord empty = s.orders().openGroupOrder(order(ready(s, 2, PaymentMethod.GROUP)));
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO group_payment_line (order_id, enrollment_id, amount) VALUES (?, ?, 60.00)")) {
            insert.setString(1, empty.id());
            insert.setString(2, e.toString());
            assertThatThrownBy(insert::executeUpdate).isInstanceOfSatisfying(SQLException.class,
                    x -> assertThat(x.getSQLState()).isEqualTo("23505"));
        }
        assertThat(s.orders().groupOrderOfEnrollment("testregion", e).orElseThrow().id()).isEqualTo(first.id());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void lapsedOrdersAreRecheckedUntilReportedOnce(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        UUID g = ready(s, 1, PaymentMethod.GROUP);
        UUID p = ready(s, 2, PaymentMethod.ONLINE);
        GroupPaymentOrderRecord group = s.orders().openGroupOrder(order(g));
        s.enrollments().lockForPayment("testregion", p, new EnrollmentPrice(new BigDecimal("60.00"), "CNY", "x 1"), T0);
        PaymentOrderRecord personal = s.payments().openOrder(new PaymentOrderRecord(UUID.randomUUID().toString(), "testregion", p, "simulator",
                Optional.empty(), Optional.empty(), new BigDecimal("60.00"), "CNY", "x 1", PaymentOrderRecord.OPEN, T0.plusSeconds(3600), T0,
                Optional.empty()));
        assertThat(s.orders().lapsedOrdersToRecheck(T0)).isEmpty();
        assertThat(s.orders().settleGroupOrder(group.id(), "EXPIRED", T0.plusSeconds(3600))).isTrue();
        assertThat(s.payments().settleOrder(personal.id(), "EXPIRED", T0.plusSeconds(3600))).isTrue();
        assertThat(s.orders().lapsedOrdersToRecheck(T0)).extracting(PaymentOrderRecord::id).containsExactly(personal.id());
        assertThat(s.orders().lapsedGroupOrdersToRecheck(T0)).extracting(GroupPaymentOrderRecord::id).containsExactly(group.id());
        assertThat(s.orders().lapsedOrdersToRecheck(T0.plusSeconds(7200))).as("lapsed before the horizon").isEmpty();

        assertThat(s.orders().markMismatchReported(personal.id(), T0.plusSeconds(4000))).isTrue();
        assertThat(s.orders().markMismatchReported(personal.id(), T0.plusSeconds(4001))).as("once").isFalse();
        assertThat(s.orders().markMismatchReported(group.id(), T0.plusSeconds(4000))).isTrue();
        assertThat(s.orders().lapsedOrdersToRecheck(T0)).isEmpty();
        assertThat(s.orders().lapsedGroupOrdersToRecheck(T0)).isEmpty();
    }
}
