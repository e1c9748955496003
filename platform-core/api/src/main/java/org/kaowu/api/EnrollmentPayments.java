package org.kaowu.api;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Paying for an enrollment: the "pay" step opens one payment order at the region's gateway (however often
 * and however concurrently it is asked), the gateway's verified callback settles it, and the paid
 * enrollment's confirmation (报考确认单) can be printed.
 */
@ProviderType
public interface EnrollmentPayments {
    /**
     * Locks the enrollment for payment (AWAITING_PAYMENT) and opens its one payment order at the region's
     * gateway, or answers the order already made. {@code base} is the platform's public base URI (callback
     * and return addresses are made from it).
     *
     * @throws KaowuException ENROLLMENT_NOT_FOUND, WRONG_STEP, ENROLLMENT_CLOSED, DAILY_LOCK, ENROLLMENT_LOCKED
     *         (the order lapsed), PAYMENT_GATEWAY_UNAVAILABLE
     */
    PaymentOrder pay(String region, String token, UUID enrollment, URI base);

    /**
     * The enrollment confirmation as PDF, once paid.
     *
     * @throws KaowuException ENROLLMENT_NOT_FOUND, ENROLLMENT_NOT_PAID
     */
    byte[] confirmation(String region, String token, UUID enrollment);

    /** An order to pay: its id, the amount, the gateway's pay page and when the order lapses. */
    record PaymentOrder(String paymentId, BigDecimal amount, String currency, URI payUrl, Instant expiresAt) {
    }
}
