package org.kaowu.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Group payment orders, and the second look reconciliation takes at orders that lapsed here. The database
 * holds what concurrency could break: an enrollment is a line of at most one group order (a unique constraint
 * on the line's enrollment), an order settles once (conditional update OPEN to PAID or EXPIRED), and a lapsed
 * order paid at the gateway is reported once (conditional update of its report time).
 */
@ProviderType
public interface PaymentOrderStore {
    /**
     * In one transaction: stores the order, locks each enrollment for payment (a GROUP enrollment of the
     * order's region and sitting that is DRAFT with next step PAY becomes AWAITING_PAYMENT at its line's amount;
     * one locked before keeps the amount it has) and adds it as a line, the unique constraint on the line's
     * enrollment deciding between concurrent orders; the order's amount is the sum of its lines. Nothing is
     * stored when any enrollment cannot be taken. {@code order.lines()} gives the enrollments and the amounts
     * they are priced at now.
     *
     * @throws org.kaowu.api.KaowuException ENROLLMENT_LOCKED (an enrollment is paid, lapsed or in another
     *         order), PAYMENT_METHOD_MISMATCH (not a GROUP enrollment), WRONG_STEP (not at the PAY step),
     *         ENROLLMENT_NOT_FOUND (not of the region and sitting)
     */
    GroupPaymentOrderRecord openGroupOrder(GroupPaymentOrderRecord order);

    /** A group order by its id (the merchant order id), with its lines. */
    Optional<GroupPaymentOrderRecord> findGroupOrder(String orderId);

    /** The group order an enrollment is a line of, if any. */
    Optional<GroupPaymentOrderRecord> groupOrderOfEnrollment(String region, UUID enrollment);

    /** The group orders in a status, oldest first (reconciliation). */
    List<GroupPaymentOrderRecord> groupOrdersIn(String status);

    /** Records what the gateway answered for a group order; the same again changes nothing. */
    GroupPaymentOrderRecord attachGroupGatewayOrder(String orderId, String gatewayOrderId, String payUrl);

    /** OPEN becomes {@code to} (PAID or EXPIRED) by one conditional update; whether this call made the change. */
    boolean settleGroupOrder(String orderId, String to, Instant at);

    /** Personal orders that lapsed here at or after {@code since} and were never reported paid at the gateway. */
    List<PaymentOrderRecord> lapsedOrdersToRecheck(Instant since);

    /** Group orders that lapsed here at or after {@code since} and were never reported paid at the gateway. */
    List<GroupPaymentOrderRecord> lapsedGroupOrdersToRecheck(Instant since);

    /** Marks an order (personal or group) as reported "paid at the gateway but lapsed here"; whether this call marked it (once per order). */
    boolean markMismatchReported(String orderId, Instant at);
}
