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
import org.kaowu.store.PaymentOrderRecord;
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

    private static java.sql.Timestamp utc(Instant at) {
        return java.sql.Timestamp.valueOf(java.time.LocalDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
    }

    private static Instant instant(Object t) {
        if (t == null) {
            return null;
        }
        if (t instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime().toInstant(java.time.ZoneOffset.UTC);
        }
        if (t instanceof java.time.LocalDateTime l) {
            return l.toInstant(java.time.ZoneOffset.UTC);
        }
        return Instant.parse(t.toString());
    }

    private static final String ORDER_COLUMNS = "id, region_code, enrollment_id, gateway, gateway_order_id, pay_url, amount, currency, "
            + "priced_by, status, expires_at, created_at, settled_at";

    private static PaymentOrderRecord order(Object[] r) {
        return new PaymentOrderRecord(r[0].toString().trim(), r[1].toString(), java.util.UUID.fromString(r[2].toString().trim()), r[3].toString(),
                Optional.ofNullable(r[4]).map(Object::toString), Optional.ofNullable(r[5]).map(Object::toString),
                new java.math.BigDecimal(r[6].toString()).setScale(2), r[7].toString().trim(), r[8].toString(), r[9].toString(), instant(r[10]),
                instant(r[11]), Optional.ofNullable(instant(r[12])));
    }

    @SuppressWarnings("unchecked")
    private static Optional<PaymentOrderRecord> selectOrder(EntityManager em, String where, Object... params) {
        var q = em.createNativeQuery("SELECT " + ORDER_COLUMNS + " FROM payment_order WHERE " + where);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        List<Object[]> rows = q.getResultList();
        return rows.stream().findFirst().map(JpaPaymentStore::order);
    }

    @Override
    public PaymentOrderRecord openOrder(PaymentOrderRecord o) {
        try {
            transactions.inTransaction(em -> em.createNativeQuery("INSERT INTO payment_order (" + ORDER_COLUMNS
                    + ") VALUES (?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, NULL)")
                    .setParameter(1, o.id()).setParameter(2, o.region()).setParameter(3, o.enrollment().toString()).setParameter(4, o.gateway())
                    .setParameter(5, o.amount()).setParameter(6, o.currency()).setParameter(7, o.pricedBy()).setParameter(8, PaymentOrderRecord.OPEN)
                    .setParameter(9, utc(o.expiresAt().truncatedTo(ChronoUnit.MILLIS))).setParameter(10, utc(o.createdAt().truncatedTo(ChronoUnit.MILLIS)))
                    .executeUpdate());
        } catch (PersistenceException e) {
            if (!isOrderDuplicate(e)) {
                throw e;
            }
        }
        return orderOfEnrollment(o.region(), o.enrollment()).orElseThrow();
    }

    @Override
    public PaymentOrderRecord attachGatewayOrder(String orderId, String gatewayOrderId, String payUrl) {
        return transactions.retried(em -> {
            em.createNativeQuery("UPDATE payment_order SET gateway_order_id = ?, pay_url = ? WHERE id = ? AND gateway_order_id IS NULL")
                    .setParameter(1, gatewayOrderId).setParameter(2, payUrl).setParameter(3, orderId).executeUpdate();
            return selectOrder(em, "id = ?", orderId).orElseThrow();
        });
    }

    @Override
    public Optional<PaymentOrderRecord> orderOfEnrollment(String region, java.util.UUID enrollment) {
        return transactions.inTransaction(em -> selectOrder(em, "enrollment_id = ? AND region_code = ?", enrollment.toString(), region));
    }

    @Override
    public Optional<PaymentOrderRecord> findOrder(String orderId) {
        return transactions.inTransaction(em -> selectOrder(em, "id = ?", orderId));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<PaymentOrderRecord> ordersIn(String status) {
        return transactions.inTransaction(em -> ((List<Object[]>) em.createNativeQuery("SELECT " + ORDER_COLUMNS
                + " FROM payment_order WHERE status = ? ORDER BY created_at").setParameter(1, status).getResultList())
                .stream().map(JpaPaymentStore::order).toList());
    }

    @Override
    public boolean settleOrder(String orderId, String to, Instant at) {
        return transactions.retried(em -> em.createNativeQuery("UPDATE payment_order SET status = ?, settled_at = ? WHERE id = ? AND status = ?")
                .setParameter(1, to).setParameter(2, utc(at.truncatedTo(ChronoUnit.MILLIS))).setParameter(3, orderId)
                .setParameter(4, PaymentOrderRecord.OPEN).executeUpdate() == 1);
    }

    private static boolean isOrderDuplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return String.valueOf(sql.getMessage()).toUpperCase(Locale.ROOT).contains("UQ_PAYMENT_ORDER_ENROLLMENT");
            }
        }
        return false;
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
