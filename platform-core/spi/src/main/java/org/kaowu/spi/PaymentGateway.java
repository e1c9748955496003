package org.kaowu.spi;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An online payment gateway (支付网关), supplied by a plugin at the boundary to the payment provider. The
 * core asks it to open an order for an amount that lapses at a time, queries an order's state
 * (reconciliation), and hands it every callback the provider posts to
 * {@code POST /api/v1/payment-callbacks/{gateway}} so that it verifies the provider's signature and parses
 * the notification. Nothing the core does with a notification depends on anything but its verified
 * content. Registered with {@link #GATEWAY} naming the gateway (the {@code {gateway}} of the callback
 * path); several gateways may be present at once. Calls may block (network); the core makes them outside
 * any database transaction.
 */
@ConsumerType
public interface PaymentGateway {
    /** Service property: the gateway's name, lower-case ASCII letters, digits and '-', e.g. {@code simulator}. */
    String GATEWAY = "kaowu.payment.gateway";

    /**
     * Opens an order at the provider. Opening the same {@code merchantOrderId} again answers the order
     * already open (providers refuse a second order with one merchant number; a gateway must not charge twice).
     *
     * @throws java.io.UncheckedIOException when the provider cannot be reached (the core may retry)
     */
    GatewayOrder createOrder(OrderRequest request);

    /**
     * The provider's state of the order with this merchant order id, or empty when the provider knows no such order.
     *
     * @throws java.io.UncheckedIOException when the provider cannot be reached
     */
    Optional<OrderStatus> queryOrder(String merchantOrderId);

    /**
     * Verifies a callback exactly as it arrived (headers and the raw body, before any parsing) and, when the
     * provider's signature holds over it, parses it. Never throws for bad input: forged, tampered or
     * malformed callbacks are {@link Refused}.
     */
    CallbackVerdict verifyCallback(Callback callback);

    /** An amount of money: a non-negative decimal with the currency's scale (CNY: 2) and an ISO 4217 code. */
    record Amount(BigDecimal value, String currency) {
        public Amount {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(currency, "currency");
            if (value.signum() < 0) {
                throw new IllegalArgumentException("negative amount");
            }
            if (!currency.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException("currency must be an ISO 4217 code");
            }
        }

        /** Parses "86.00" in {@code currency}. */
        public static Amount of(String value, String currency) {
            return new Amount(new BigDecimal(value), currency);
        }

        /** The value as the gateway sends it, e.g. "86.00". */
        public String text() {
            return value.toPlainString();
        }
    }

    /**
     * What the core asks to be paid: its own order number ({@code merchantOrderId}, unique per order, at
     * most 64 ASCII characters), the amount, when an unpaid order lapses, a description shown to the payer,
     * where the payer's browser returns after paying, and where the provider posts its callback.
     */
    record OrderRequest(String merchantOrderId, Amount amount, Instant expiresAt, String description, URI returnUrl, URI callbackUrl) {
        public OrderRequest {
            Objects.requireNonNull(merchantOrderId, "merchantOrderId");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(returnUrl, "returnUrl");
            Objects.requireNonNull(callbackUrl, "callbackUrl");
            if (!merchantOrderId.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("merchantOrderId must be 1 to 64 of A-Z a-z 0-9 _ -");
            }
        }
    }

    /** An order open at the provider: its number there and the page where the payer pays. */
    record GatewayOrder(String gateway, String merchantOrderId, String gatewayOrderId, Amount amount, Instant expiresAt, URI payUrl) {
    }

    /** The life of an order at the provider: paid and closed are final. */
    enum OrderState {
        /** Open, not paid yet. */
        PENDING,
        /** Paid: the money has been taken. */
        PAID,
        /** Closed without payment (lapsed, failed or cancelled); it will never be paid. */
        CLOSED
    }

    /** The provider's view of an order; {@code paidAmount} and {@code paidAt} are present when it is PAID. */
    record OrderStatus(String merchantOrderId, String gatewayOrderId, OrderState state, Amount amount, Optional<Amount> paidAmount,
            Optional<Instant> paidAt) {
        public OrderStatus {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(paidAmount, "paidAmount");
            Objects.requireNonNull(paidAt, "paidAt");
        }
    }

    /** A callback as it arrived: header names in any case, the body as raw bytes (signatures are over bytes). */
    record Callback(Map<String, List<String>> headers, byte[] body) {
        public Callback {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
        }

        /** The first value of a header, its name matched without regard to case. */
        public Optional<String> header(String name) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey() != null && h.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)) && !h.getValue().isEmpty()) {
                    return Optional.ofNullable(h.getValue().get(0));
                }
            }
            return Optional.empty();
        }
    }

    /**
     * A verified notification: the provider says the order {@code gatewayOrderId} (the core's
     * {@code merchantOrderId}) reached {@code state}; {@code notificationId} is the provider's id of this
     * notification (the same when it is redelivered).
     */
    record PaymentNotification(String notificationId, String merchantOrderId, String gatewayOrderId, OrderState state,
            Amount amount, Optional<Amount> paidAmount, Optional<Instant> paidAt) {
        public PaymentNotification {
            Objects.requireNonNull(notificationId, "notificationId");
            Objects.requireNonNull(merchantOrderId, "merchantOrderId");
            Objects.requireNonNull(gatewayOrderId, "gatewayOrderId");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(paidAmount, "paidAmount");
            Objects.requireNonNull(paidAt, "paidAt");
        }
    }

    /** The outcome of {@link #verifyCallback}: verified, or refused with a reason. */
    sealed interface CallbackVerdict permits Verified, Refused {
    }

    /**
     * The signature holds and the body parsed; {@code acknowledgement} is the body the provider expects in
     * the answer (e.g. "success"), so that it stops redelivering.
     */
    record Verified(PaymentNotification notification, String acknowledgement) implements CallbackVerdict {
    }

    /** Why a callback was refused. */
    enum RefusalReason {
        /** No signature, or one that does not hold over the body (forged or tampered). */
        BAD_SIGNATURE,
        /** Signed, but not a notification this gateway understands. */
        MALFORMED
    }

    /** Refused: nothing in it may be believed; {@code detail} says why, for the log (no personal data). */
    record Refused(RefusalReason reason, String detail) implements CallbackVerdict {
    }
}
