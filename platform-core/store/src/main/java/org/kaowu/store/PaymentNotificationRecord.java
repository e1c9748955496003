package org.kaowu.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * A verified payment notification as stored: which gateway said that its order {@code gatewayOrderId}
 * (Kaowu's {@code merchantOrderId}) reached {@code state} (PAID or CLOSED), for which amount, paid when;
 * when it first and last arrived and how often. One record per (gateway, gateway order id).
 */
public record PaymentNotificationRecord(String gateway, String gatewayOrderId, String merchantOrderId, String notificationId, String state,
        BigDecimal amount, String currency, Optional<BigDecimal> paidValue, Optional<Instant> paidAt, Instant receivedAt,
        Instant lastReceivedAt, int deliveries) {
}
