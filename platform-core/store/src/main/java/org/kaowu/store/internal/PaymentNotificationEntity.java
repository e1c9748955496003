package org.kaowu.store.internal;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Row of table {@code payment_notification}. */
@Entity
@Table(name = "payment_notification")
@IdClass(PaymentNotificationEntity.Key.class)
public class PaymentNotificationEntity {
    @Id
    @Column(name = "gateway")
    String gateway;
    @Id
    @Column(name = "gateway_order_id")
    String gatewayOrderId;
    @Column(name = "merchant_order_id", nullable = false)
    String merchantOrderId;
    @Column(name = "notification_id", nullable = false)
    String notificationId;
    @Column(name = "order_state", nullable = false)
    String orderState;
    @Column(name = "amount_value", nullable = false)
    BigDecimal amountValue;
    @Column(name = "currency", nullable = false)
    String currency;
    @Column(name = "paid_value")
    BigDecimal paidValue;
    @Column(name = "paid_at")
    Instant paidAt;
    @Column(name = "received_at", nullable = false)
    Instant receivedAt;
    @Column(name = "last_received_at", nullable = false)
    Instant lastReceivedAt;
    @Column(name = "deliveries", nullable = false)
    int deliveries;

    /** Primary key of {@link PaymentNotificationEntity}. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String gateway;
        String gatewayOrderId;

        public Key() {
        }

        Key(String gateway, String gatewayOrderId) {
            this.gateway = gateway;
            this.gatewayOrderId = gatewayOrderId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(gateway, k.gateway) && Objects.equals(gatewayOrderId, k.gatewayOrderId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(gateway, gatewayOrderId);
        }
    }
}
