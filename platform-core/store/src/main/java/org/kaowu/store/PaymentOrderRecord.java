package org.kaowu.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * An enrollment's payment order: {@code id} is the merchant order id given to the gateway; the amount,
 * currency and the bundle and version that priced it are kept as they were when the order was made;
 * {@code gatewayOrderId} and {@code payUrl} are present once the gateway opened it. Status OPEN, PAID or EXPIRED.
 */
public record PaymentOrderRecord(String id, String region, UUID enrollment, String gateway, Optional<String> gatewayOrderId,
        Optional<String> payUrl, BigDecimal amount, String currency, String pricedBy, String status, Instant expiresAt, Instant createdAt,
        Optional<Instant> settledAt) {
    public static final String OPEN = "OPEN";
    public static final String PAID = "PAID";
    public static final String EXPIRED = "EXPIRED";
}
