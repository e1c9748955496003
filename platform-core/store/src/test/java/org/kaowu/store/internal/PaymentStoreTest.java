package org.kaowu.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kaowu.store.PaymentNotificationRecord;
import org.kaowu.store.PaymentStore;

/** Payment notifications on Derby and PostgreSQL: one record per gateway order, however often and however concurrently delivered. */
class PaymentStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T02:00:00Z");

    static Stream<CandidateStoreTest.Db> databases() throws Exception {
        return StoreDatabases.both();
    }

    private static JpaPaymentStore store(CandidateStoreTest.Db db) throws Exception {
        return new JpaPaymentStore(StoreDatabases.migrated(db, PersonalData.generate()), () -> T0);
    }

    private static PaymentNotificationRecord paid(String gatewayOrderId, String merchantOrderId) {
        return new PaymentNotificationRecord("simulator", gatewayOrderId, merchantOrderId, "N-" + gatewayOrderId, "PAID",
                new BigDecimal("86.00"), "CNY", Optional.of(new BigDecimal("86.00")), Optional.of(T0.minusSeconds(5)), T0, T0, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRedeliveredNotificationIsOneRecordThatCountsItsDeliveries(CandidateStoreTest.Db db) throws Exception {
        JpaPaymentStore store = store(db);
        PaymentStore.NotificationReceipt first = store.recordNotification(paid("G1", "M1"));
        assertThat(first.first()).isTrue();
        assertThat(first.stored().deliveries()).isEqualTo(1);
        PaymentStore.NotificationReceipt again = store.recordNotification(paid("G1", "M1"));
        assertThat(again.first()).isFalse();
        assertThat(again.stored().deliveries()).isEqualTo(2);

        PaymentNotificationRecord stored = store.findNotification("simulator", "G1").orElseThrow();
        assertThat(stored.state()).isEqualTo("PAID");
        assertThat(stored.amount()).isEqualByComparingTo("86.00");
        assertThat(stored.paidValue()).get().satisfies(v -> assertThat(v).isEqualByComparingTo("86.00"));
        assertThat(stored.paidAt()).contains(T0.minusSeconds(5));
        assertThat(stored.deliveries()).isEqualTo(2);
        assertThat(store.notificationsOfMerchantOrder("simulator", "M1")).hasSize(1);
        assertThat(store.findNotification("other", "G1")).isEmpty();
        // another gateway may use the same order number
        assertThat(store.recordNotification(new PaymentNotificationRecord("other", "G1", "M1", "N", "CLOSED", new BigDecimal("86.00"), "CNY",
                Optional.empty(), Optional.empty(), T0, T0, 0)).first()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentDeliveriesOfOneNotificationStoreOneRecord(CandidateStoreTest.Db db) throws Exception {
        JpaPaymentStore store = store(db);
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<PaymentStore.NotificationReceipt>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<PaymentStore.NotificationReceipt> deliver = () -> {
                    go.await();
                    return store.recordNotification(paid("G2", "M2"));
                };
                results.add(pool.submit(deliver));
            }
            go.countDown();
            int firsts = 0;
            for (Future<PaymentStore.NotificationReceipt> f : results) {
                firsts += f.get().first() ? 1 : 0;
            }
            assertThat(firsts).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.findNotification("simulator", "G2")).get().extracting(PaymentNotificationRecord::deliveries).isEqualTo(n);
        assertThat(store.notificationsOfMerchantOrder("simulator", "M2")).hasSize(1);
    }
}
