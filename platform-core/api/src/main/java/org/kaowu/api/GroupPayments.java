package org.kaowu.api;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Group payment (集体缴费): a group enrollment point (an assistance unit's staff account) pays for many of its
 * candidates' enrollments of one sitting with one order at the region's gateway. Only GROUP enrollments of the
 * unit's own candidates that are ready to pay, and in no other order, can be taken; the gateway's verified
 * callback settles the order and all its enrollments at once.
 */
@ProviderType
public interface GroupPayments {
    /**
     * Locks the enrollments for payment and opens one order for all of them at the region's gateway (the amount
     * is the sum of each enrollment's price now). Nothing is stored when any enrollment cannot be taken.
     *
     * @throws KaowuException FORBIDDEN (not an assistance unit's account of the region, or a candidate of another
     *         unit), FIELD_REQUIRED / VALIDATION_FAILED (no enrollments, too many, twice the same), SITTING_NOT_FOUND,
     *         ENROLLMENT_NOT_FOUND, PAYMENT_METHOD_MISMATCH, WRONG_STEP, ENROLLMENT_LOCKED (paid, lapsed or in
     *         another order), ENROLLMENT_CLOSED, DAILY_LOCK, PAYMENT_GATEWAY_UNAVAILABLE
     */
    GroupOrder pay(String region, String staffToken, String sitting, List<UUID> enrollments, URI base);

    /**
     * A group order of the account's unit.
     *
     * @throws KaowuException FORBIDDEN, ENROLLMENT_NOT_FOUND (no such order of the unit)
     */
    GroupOrder get(String region, String staffToken, String paymentId);

    /** A group order: its id, status (OPEN, PAID, EXPIRED), amount, pay page, lapse and the enrollments it pays. */
    record GroupOrder(String paymentId, String sitting, String assistanceUnit, String status, BigDecimal amount, String currency, URI payUrl,
            Instant expiresAt, List<UUID> enrollments) {
        public GroupOrder {
            enrollments = List.copyOf(enrollments);
        }
    }
}
