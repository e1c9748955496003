package org.kaowu.store.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import org.kaowu.store.PaymentNotificationRecord;
import org.kaowu.store.PaymentStore;

/**
 * {@link PaymentStore} on JPA. A notification is inserted in a transaction of its own; when the primary
 * key (gateway, gateway order id) refuses it, it was recorded before (or by a concurrent delivery that
 * committed first), and a second transaction counts the delivery. No check before the insert: the
 * constraint decides, so two nodes receiving the same callback at once still store one record.
 */
final class JpaPaymentStore implements PaymentStore {
    private final Transactions transactions;
    private final Supplier<Instant> now;

    JpaPaymentStore(Transactions transactions, Supplier<Instant> now) {
        this.transactions = transactions;
        this.now = now;
    }

    @Override
    public NotificationReceipt recordNotification(PaymentNotificationRecord n) {
        // TIMESTAMP columns keep microseconds on PostgreSQL: store what is read back
        Instant at = now.get().truncatedTo(ChronoUnit.MILLIS);
        try {
            NotificationReceipt receipt = transactions.inTransaction(em -> {
                // a redelivery (the common case of a duplicate) is counted without a failed insert; the
                // primary key still decides between concurrent first deliveries (below)
                if (em.find(PaymentNotificationEntity.class, new PaymentNotificationEntity.Key(n.gateway(), n.gatewayOrderId())) != null) {
                    return null;
                }
                PaymentNotificationEntity e = new PaymentNotificationEntity();
                e.gateway = n.gateway();
                e.gatewayOrderId = n.gatewayOrderId();
                e.merchantOrderId = n.merchantOrderId();
                e.notificationId = n.notificationId();
                e.orderState = n.state();
                e.amountValue = n.amount();
                e.currency = n.currency();
                e.paidValue = n.paidValue().orElse(null);
                e.paidAt = n.paidAt().map(t -> t.truncatedTo(ChronoUnit.MILLIS)).orElse(null);
                e.receivedAt = at;
                e.lastReceivedAt = at;
                e.deliveries = 1;
                em.persist(e);
                em.flush();
                return new NotificationReceipt(record(e), true);
            });
            if (receipt != null) {
                return receipt;
            }
        } catch (PersistenceException e) {
            if (!isDuplicate(e)) {
                throw e;
            }
        }
        return transactions.retried(em -> {
            em.createQuery("UPDATE PaymentNotificationEntity e SET e.deliveries = e.deliveries + 1, e.lastReceivedAt = :at"
                    + " WHERE e.gateway = :g AND e.gatewayOrderId = :o")
                    .setParameter("at", at).setParameter("g", n.gateway()).setParameter("o", n.gatewayOrderId()).executeUpdate();
            PaymentNotificationEntity e = em.find(PaymentNotificationEntity.class, new PaymentNotificationEntity.Key(n.gateway(), n.gatewayOrderId()));
            em.refresh(e);
            return new NotificationReceipt(record(e), false);
        });
    }

    @Override
    public Optional<PaymentNotificationRecord> findNotification(String gateway, String gatewayOrderId) {
        return transactions.inTransaction(em -> Optional.ofNullable(em.find(PaymentNotificationEntity.class,
                new PaymentNotificationEntity.Key(gateway, gatewayOrderId))).map(JpaPaymentStore::record));
    }

    @Override
    public List<PaymentNotificationRecord> notificationsOfMerchantOrder(String gateway, String merchantOrderId) {
        return transactions.inTransaction(em -> query(em, gateway, merchantOrderId));
    }

    private static List<PaymentNotificationRecord> query(EntityManager em, String gateway, String merchantOrderId) {
        return em.createQuery("SELECT e FROM PaymentNotificationEntity e WHERE e.gateway = :g AND e.merchantOrderId = :m"
                + " ORDER BY e.receivedAt", PaymentNotificationEntity.class)
                .setParameter("g", gateway).setParameter("m", merchantOrderId).getResultStream().map(JpaPaymentStore::record).toList();
    }

    /** The primary key of payment_notification refused the row (named alike on Derby and PostgreSQL). */
    private static boolean isDuplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return String.valueOf(sql.getMessage()).toUpperCase(Locale.ROOT).contains("PK_PAYMENT_NOTIFICATION");
            }
        }
        return false;
    }

    private static PaymentNotificationRecord record(PaymentNotificationEntity e) {
        return new PaymentNotificationRecord(e.gateway, e.gatewayOrderId, e.merchantOrderId, e.notificationId, e.orderState,
                e.amountValue, e.currency, Optional.ofNullable(e.paidValue), Optional.ofNullable(e.paidAt), e.receivedAt, e.lastReceivedAt,
                e.deliveries);
    }
}
