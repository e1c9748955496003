package org.kaowu.plugins.paymentsim;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import org.kaowu.spi.PaymentGateway;
import org.kaowu.spi.ProviderProperties;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The platform's side of the simulated gateway, {@code kaowu.payment.gateway=simulator}: opens orders,
 * queries them, and verifies callbacks against the gateway's public key (SHA256withRSA over the raw
 * body, base64 in {@value NotificationBody#SIGNATURE_HEADER}). Marked {@code kaowu.simulated=true}:
 * remove this bundle from {@code deploy/} in production.
 */
@Component(property = {PaymentGateway.GATEWAY + "=" + PaymentSimulator.NAME, ProviderProperties.SIMULATED + "=true"})
public final class SimulatedGateway implements PaymentGateway {
    private final PaymentSimulator simulator;

    @Activate
    public SimulatedGateway(@Reference PaymentSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public GatewayOrder createOrder(OrderRequest r) {
        SimOrder o = simulator.create(r.merchantOrderId(), r.amount().value(), r.amount().currency(), r.expiresAt(), r.description(),
                r.returnUrl(), r.callbackUrl());
        return new GatewayOrder(PaymentSimulator.NAME, o.merchantOrderId(), o.gatewayOrderId(), new Amount(o.amount(), o.currency()),
                o.expiresAt(), simulator.payUrl(o));
    }

    @Override
    public Optional<OrderStatus> queryOrder(String merchantOrderId) {
        Instant now = simulator.clock().instant();
        return simulator.byMerchantId(merchantOrderId).map(o -> {
            OrderState state = o.stateAt(now);
            Amount amount = new Amount(o.amount(), o.currency());
            return new OrderStatus(o.merchantOrderId(), o.gatewayOrderId(), state, amount,
                    state == OrderState.PAID ? Optional.of(amount) : Optional.empty(),
                    state == OrderState.PAID ? o.finishedAt() : Optional.empty());
        });
    }

    @Override
    public CallbackVerdict verifyCallback(Callback callback) {
        return verify(callback, simulator.verifierKey());
    }

    /** Verification itself, apart from the component so that it is tested without a framework. */
    static CallbackVerdict verify(Callback callback, java.security.PublicKey key) {
        Optional<String> signature = callback.header(NotificationBody.SIGNATURE_HEADER);
        if (signature.isEmpty()) {
            return new Refused(RefusalReason.BAD_SIGNATURE, "no " + NotificationBody.SIGNATURE_HEADER + " header");
        }
        if (!Keys.verify(key, callback.body(), signature.get())) {
            return new Refused(RefusalReason.BAD_SIGNATURE, "signature does not hold over the body");
        }
        Optional<Map<String, String>> fields = NotificationBody.decode(new String(callback.body(), StandardCharsets.UTF_8));
        if (fields.isEmpty()) {
            return new Refused(RefusalReason.MALFORMED, "body is not form data");
        }
        Map<String, String> f = fields.get();
        try {
            OrderState state = OrderState.valueOf(required(f, "state"));
            if (state == OrderState.PENDING) {
                return new Refused(RefusalReason.MALFORMED, "a callback is about a finished order");
            }
            Amount amount = new Amount(new BigDecimal(required(f, "amount")), required(f, "currency"));
            Optional<Amount> paid = Optional.ofNullable(f.get("paid_amount")).map(v -> new Amount(new BigDecimal(v), amount.currency()));
            Optional<Instant> paidAt = Optional.ofNullable(f.get("paid_at")).map(Instant::parse);
            if (state == OrderState.PAID && (paid.isEmpty() || paidAt.isEmpty())) {
                return new Refused(RefusalReason.MALFORMED, "a PAID callback names the amount paid and when");
            }
            return new Verified(new PaymentNotification(required(f, "notify_id"), required(f, "merchant_order_id"), required(f, "gateway_order_id"),
                    state, amount, paid, paidAt), "success");
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return new Refused(RefusalReason.MALFORMED, "bad field: " + e.getClass().getSimpleName());
        }
    }

    private static String required(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null || v.isBlank() || v.length() > 64) {
            throw new IllegalArgumentException("field " + name);
        }
        return v;
    }
}
