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

    /** What recording did: the record as stored now, and whether this delivery was its first. */
    record NotificationReceipt(PaymentNotificationRecord stored, boolean first) {
    }
}
