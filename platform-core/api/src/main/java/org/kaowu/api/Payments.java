package org.kaowu.api;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Payments (缴费) as the REST layer sees them. For now: callbacks of payment gateways, verified by the
 * gateway's plugin and recorded once per gateway order however often they are delivered. Settling the
 * enrollment that an order pays for follows the notification's merchant order id (see the store's
 * {@code PaymentStore}).
 */
@ProviderType
public interface Payments {
    /**
     * Verifies and records a gateway's callback exactly as it arrived.
     *
     * @throws KaowuException {@link ErrorCode#PAYMENT_GATEWAY_NOT_FOUND} when no gateway of that name is
     *         installed; {@link ErrorCode#PAYMENT_CALLBACK_REFUSED} when its signature does not hold or it
     *         cannot be parsed (nothing is recorded)
     */
    CallbackReceipt receiveCallback(String gateway, Map<String, List<String>> headers, byte[] body);

    /**
     * What a verified callback did: the order it is about, its state there (PAID, CLOSED), whether this
     * was its first delivery, how many deliveries were counted, and the body the gateway expects back.
     */
    record CallbackReceipt(String gateway, String gatewayOrderId, String merchantOrderId, String state, boolean firstDelivery,
            int deliveries, String acknowledgement) {
    }
}
