package org.kaowu.store.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.store.GroupPaymentOrderRecord;
import org.kaowu.store.PaymentOrderRecord;
import org.kaowu.store.PaymentOrderStore;

/**
 * {@link PaymentOrderStore} in native SQL (portable: Derby and PostgreSQL). Opening a group order is one
 * transaction: the order row, then each enrollment in id order (so two orders naming the same enrollments
 * wait for each other instead of deadlocking) locked by a conditional update and inserted as a line, whose
 * unique constraint on the enrollment refuses a second order; any refusal rolls the whole order back.
 */
final class JpaPaymentOrderStore implements PaymentOrderStore {
    private static final String GROUP_COLUMNS = "id, region_code, assistance_unit, sitting, made_by, gateway, gateway_order_id, pay_url, "
            + "amount, currency, priced_by, status, expires_at, created_at, settled_at";
    private static final String ORDER_COLUMNS = "id, region_code, enrollment_id, gateway, gateway_order_id, pay_url, amount, currency, "
            + "priced_by, status, expires_at, created_at, settled_at";

    private final Transactions transactions;

    JpaPaymentOrderStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    @SuppressWarnings("unchecked")
    public GroupPaymentOrderRecord openGroupOrder(GroupPaymentOrderRecord o) {
        List<GroupPaymentOrderRecord.Line> lines = new ArrayList<>(o.lines());
        lines.sort(Comparator.comparing(l -> l.enrollment().toString()));
        return transactions.retried(em -> {
            em.createNativeQuery("INSERT INTO group_payment_order (" + GROUP_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, NULL)")
                    .setParameter(1, o.id()).setParameter(2, o.region()).setParameter(3, o.assistanceUnit()).setParameter(4, o.sitting())
                    .setParameter(5, o.madeBy()).setParameter(6, o.gateway()).setParameter(7, BigDecimal.ZERO.setScale(2))
                    .setParameter(8, o.currency()).setParameter(9, o.pricedBy()).setParameter(10, PaymentOrderRecord.OPEN)
                    .setParameter(11, utc(o.expiresAt())).setParameter(12, utc(o.createdAt())).executeUpdate();
            for (GroupPaymentOrderRecord.Line l : lines) {
                String id = l.enrollment().toString();
                // the enrollment's row lock is taken here and held to the end of the transaction
                em.createNativeQuery("UPDATE enrollment SET status = 'AWAITING_PAYMENT', amount = ?, currency = ?, priced_by = ?, updated_at = ?"
                        + " WHERE id = ? AND region_code = ? AND sitting = ? AND status = 'DRAFT' AND next_step = 'PAY' AND payment_method = 'GROUP'")
                        .setParameter(1, l.amount()).setParameter(2, o.currency()).setParameter(3, o.pricedBy()).setParameter(4, utc(o.createdAt()))
                        .setParameter(5, id).setParameter(6, o.region()).setParameter(7, o.sitting()).executeUpdate();
                List<Object[]> row = em.createNativeQuery("SELECT status, next_step, payment_method FROM enrollment"
                        + " WHERE id = ? AND region_code = ? AND sitting = ?").setParameter(1, id).setParameter(2, o.region())
                        .setParameter(3, o.sitting()).getResultList();
                if (row.isEmpty()) {
                    throw new KaowuException(ErrorCode.ENROLLMENT_NOT_FOUND, "enrollments",
                            "No enrollment " + id + " in sitting " + o.sitting() + " of region " + o.region());
                }
                String status = String.valueOf(row.get(0)[0]).trim();
                if (!"GROUP".equals(String.valueOf(row.get(0)[2]).trim())) {
                    throw new KaowuException(ErrorCode.PAYMENT_METHOD_MISMATCH, "enrollments",
                            "Enrollment " + id + " is not paid by its group enrollment point (its payment method is " + row.get(0)[2] + ")");
                }
                if (!"AWAITING_PAYMENT".equals(status)) {
                    if ("DRAFT".equals(status)) {
                        throw new KaowuException(ErrorCode.WRONG_STEP, "enrollments",
                                "Enrollment " + id + " is not ready to pay: its next step is " + row.get(0)[1]);
                    }
                    throw new KaowuException(ErrorCode.ENROLLMENT_LOCKED, "enrollments", "Enrollment " + id + " is " + status);
                }
                // the unique constraint on the line's enrollment refuses it when another order has it (Transactions.conflict)
                em.createNativeQuery("INSERT INTO group_payment_line (order_id, enrollment_id, amount) SELECT CAST(? AS CHAR(36)), id, amount FROM enrollment WHERE id = ?")
                        .setParameter(1, o.id()).setParameter(2, id).executeUpdate();
            }
            em.createNativeQuery("UPDATE group_payment_order SET amount = (SELECT SUM(amount) FROM group_payment_line WHERE order_id = ?) WHERE id = ?")
                    .setParameter(1, o.id()).setParameter(2, o.id()).executeUpdate();
            return group(em, o.id()).orElseThrow();
        });
    }

    @Override
    public Optional<GroupPaymentOrderRecord> findGroupOrder(String orderId) {
        return transactions.inTransaction(em -> group(em, orderId));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<GroupPaymentOrderRecord> groupOrderOfEnrollment(String region, UUID enrollment) {
        return transactions.inTransaction(em -> {
            List<Object> ids = em.createNativeQuery("SELECT o.id FROM group_payment_order o JOIN group_payment_line l ON l.order_id = o.id"
                    + " WHERE l.enrollment_id = ? AND o.region_code = ?").setParameter(1, enrollment.toString()).setParameter(2, region).getResultList();
            return ids.stream().findFirst().flatMap(id -> group(em, id.toString().trim()));
        });
    }

    @Override
    public List<GroupPaymentOrderRecord> groupOrdersIn(String status) {
        return transactions.inTransaction(em -> groups(em, "status = ? ORDER BY created_at", status));
    }

    @Override
    public GroupPaymentOrderRecord attachGroupGatewayOrder(String orderId, String gatewayOrderId, String payUrl) {
        return transactions.retried(em -> {
            em.createNativeQuery("UPDATE group_payment_order SET gateway_order_id = ?, pay_url = ? WHERE id = ? AND gateway_order_id IS NULL")
                    .setParameter(1, gatewayOrderId).setParameter(2, payUrl).setParameter(3, orderId).executeUpdate();
            return group(em, orderId).orElseThrow();
        });
    }

    @Override
    public boolean settleGroupOrder(String orderId, String to, Instant at) {
        return transactions.retried(em -> em.createNativeQuery("UPDATE group_payment_order SET status = ?, settled_at = ? WHERE id = ? AND status = ?")
                .setParameter(1, to).setParameter(2, utc(at)).setParameter(3, orderId).setParameter(4, PaymentOrderRecord.OPEN).executeUpdate() == 1);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<PaymentOrderRecord> lapsedOrdersToRecheck(Instant since) {
        return transactions.inTransaction(em -> ((List<Object[]>) em.createNativeQuery("SELECT " + ORDER_COLUMNS + " FROM payment_order"
                + " WHERE status = ? AND settled_at >= ? AND mismatch_reported_at IS NULL ORDER BY created_at")
                .setParameter(1, PaymentOrderRecord.EXPIRED).setParameter(2, utc(since)).getResultList()).stream()
                .map(JpaPaymentOrderStore::order).toList());
    }

    @Override
    public List<GroupPaymentOrderRecord> lapsedGroupOrdersToRecheck(Instant since) {
        return transactions.inTransaction(em -> groups(em, "status = ? AND settled_at >= ? AND mismatch_reported_at IS NULL ORDER BY created_at",
                PaymentOrderRecord.EXPIRED, utc(since)));
    }

    @Override
    public boolean markMismatchReported(String orderId, Instant at) {
        return transactions.retried(em -> {
            int n = 0;
            for (String table : new String[] {"payment_order", "group_payment_order"}) {
                n += em.createNativeQuery("UPDATE " + table + " SET mismatch_reported_at = ? WHERE id = ? AND mismatch_reported_at IS NULL")
                        .setParameter(1, utc(at)).setParameter(2, orderId).executeUpdate();
            }
            return n == 1;
        });
    }

    private static Optional<GroupPaymentOrderRecord> group(EntityManager em, String id) {
        return groups(em, "id = ?", id).stream().findFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<GroupPaymentOrderRecord> groups(EntityManager em, String where, Object... params) {
        var q = em.createNativeQuery("SELECT " + GROUP_COLUMNS + " FROM group_payment_order WHERE " + where);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        List<GroupPaymentOrderRecord> result = new ArrayList<>();
        for (Object[] r : (List<Object[]>) q.getResultList()) {
            String id = r[0].toString().trim();
            List<GroupPaymentOrderRecord.Line> lines = ((List<Object[]>) em.createNativeQuery("SELECT enrollment_id, amount FROM group_payment_line"
                    + " WHERE order_id = ? ORDER BY enrollment_id").setParameter(1, id).getResultList()).stream()
                    .map(l -> new GroupPaymentOrderRecord.Line(UUID.fromString(l[0].toString().trim()), decimal(l[1]))).toList();
            result.add(new GroupPaymentOrderRecord(id, r[1].toString(), r[2].toString(), r[3].toString(), r[4].toString(), r[5].toString(),
                    Optional.ofNullable(r[6]).map(Object::toString), Optional.ofNullable(r[7]).map(Object::toString), decimal(r[8]),
                    r[9].toString().trim(), r[10].toString(), r[11].toString(), instant(r[12]), instant(r[13]), Optional.ofNullable(instant(r[14])),
                    lines));
        }
        return result;
    }

    private static PaymentOrderRecord order(Object[] r) {
        return new PaymentOrderRecord(r[0].toString().trim(), r[1].toString(), UUID.fromString(r[2].toString().trim()), r[3].toString(),
                Optional.ofNullable(r[4]).map(Object::toString), Optional.ofNullable(r[5]).map(Object::toString), decimal(r[6]),
                r[7].toString().trim(), r[8].toString(), r[9].toString(), instant(r[10]), instant(r[11]), Optional.ofNullable(instant(r[12])));
    }

    private static BigDecimal decimal(Object o) {
        return new BigDecimal(o.toString()).setScale(2);
    }

    private static java.sql.Timestamp utc(Instant at) {
        return java.sql.Timestamp.valueOf(LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC));
    }

    private static Instant instant(Object t) {
        if (t == null) {
            return null;
        }
        if (t instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (t instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        return Instant.parse(t.toString());
    }
}
