package org.kaowu.store;

import java.util.List;
import java.util.Optional;

/**
 * Payment records of the service layer. For now it keeps what gateways notified, idempotently: the
 * database's primary key on (gateway, gateway order id) makes a callback delivered twice, or by two
 * nodes at once, one record.
 *
 * <p>Link to enrollment: the {@code merchantOrderId} of a notification is the order number Kaowu gave
 * the gateway when it opened the order. The enrollment's payment order (one open order per enrollment,
 * made when the candidate presses "pay") is to carry that number, so settling an enrollment is "find
 * the payment order by merchant order id, change it from AWAITING_PAYMENT to PAID in the notification's
 * transaction, conditionally".
 */
public interface PaymentStore {
    /**
     * Records a notification unless one for the same (gateway, gateway order id) is stored; then only
     * counts the delivery. {@code notification.deliveries()}, {@code receivedAt} and {@code lastReceivedAt}
     * of the argument are ignored: the store sets them.
     */
    NotificationReceipt recordNotification(PaymentNotificationRecord notification);

    /** The stored notification of a gateway's order. */
    Optional<PaymentNotificationRecord> findNotification(String gateway, String gatewayOrderId);

    /** The stored notifications naming a merchant order id at a gateway (at most one per gateway order). */
    List<PaymentNotificationRecord> notificationsOfMerchantOrder(String gateway, String merchantOrderId);

    /**
     * Inserts the enrollment's payment order unless it has one: the unique constraint on the enrollment
     * decides between concurrent requests, and every caller gets the one order stored.
     */
    PaymentOrderRecord openOrder(PaymentOrderRecord order);

    /** Records what the gateway answered for an order (its number there and the pay page); the same again changes nothing. */
    PaymentOrderRecord attachGatewayOrder(String orderId, String gatewayOrderId, String payUrl);

    /** The payment order of an enrollment, if one was made. */
    Optional<PaymentOrderRecord> orderOfEnrollment(String region, java.util.UUID enrollment);

    /** A payment order by its id (the merchant order id). */
    Optional<PaymentOrderRecord> findOrder(String orderId);

    /** The orders in a status, oldest first (reconciliation). */
    List<PaymentOrderRecord> ordersIn(String status);

    /** OPEN becomes {@code to} (PAID or EXPIRED) by one conditional update; whether this call made the change. */
    boolean settleOrder(String orderId, String to, java.time.Instant at);

    /** What recording did: the record as stored now, and whether this delivery was its first. */
    record NotificationReceipt(PaymentNotificationRecord stored, boolean first) {
    }
}
