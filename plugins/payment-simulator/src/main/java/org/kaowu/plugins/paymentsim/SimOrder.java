package org.kaowu.plugins.paymentsim;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

import org.kaowu.spi.PaymentGateway.OrderState;

/**
 * An order at the simulated gateway: what was asked, its state, when it was paid, and whether its
 * callback was acknowledged by the platform (or dropped on purpose: "never delivered").
 */
record SimOrder(String gatewayOrderId, String merchantOrderId, BigDecimal amount, String currency, Instant expiresAt, String description,
        URI returnUrl, URI callbackUrl, Instant createdAt, OrderState state, Optional<Instant> finishedAt, String notifyId,
        boolean acknowledged, boolean dropped) {

    SimOrder finished(OrderState to, Instant at) {
        return new SimOrder(gatewayOrderId, merchantOrderId, amount, currency, expiresAt, description, returnUrl, callbackUrl, createdAt, to,
                Optional.of(at), notifyId, acknowledged, dropped);
    }

    SimOrder withAcknowledged() {
        return new SimOrder(gatewayOrderId, merchantOrderId, amount, currency, expiresAt, description, returnUrl, callbackUrl, createdAt, state,
                finishedAt, notifyId, true, dropped);
    }

    SimOrder withDropped() {
        return new SimOrder(gatewayOrderId, merchantOrderId, amount, currency, expiresAt, description, returnUrl, callbackUrl, createdAt, state,
                finishedAt, notifyId, acknowledged, true);
    }

    /** The state as seen at {@code now}: an unpaid order past its expiry is closed. */
    OrderState stateAt(Instant now) {
        return state == OrderState.PENDING && !now.isBefore(expiresAt) ? OrderState.CLOSED : state;
    }
}
