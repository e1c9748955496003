package org.kaowu.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A group payment order (集体缴费订单): one order by which a group enrollment point (an assistance unit's
 * staff account) pays for many of its candidates' enrollments of one sitting. {@code id} is the merchant order
 * id given to the gateway; {@code amount} is the sum of its lines, each line the amount its enrollment was
 * priced at; {@code gatewayOrderId} and {@code payUrl} are present once the gateway opened it. Status OPEN, PAID
 * or EXPIRED, as for {@link PaymentOrderRecord}.
 */
public record GroupPaymentOrderRecord(String id, String region, String assistanceUnit, String sitting, String madeBy, String gateway,
        Optional<String> gatewayOrderId, Optional<String> payUrl, BigDecimal amount, String currency, String pricedBy, String status,
        Instant expiresAt, Instant createdAt, Optional<Instant> settledAt, List<Line> lines) {

    public GroupPaymentOrderRecord {
        lines = List.copyOf(lines);
    }

    /** One enrollment paid by the order, with the amount it was priced at. */
    public record Line(UUID enrollment, BigDecimal amount) {
    }
}
