package org.kaowu.service.internal.payment;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.Payments;
import org.kaowu.spi.PaymentGateway;
import org.kaowu.store.PaymentNotificationRecord;
import org.kaowu.store.PaymentStore;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives gateways' callbacks: the gateway named in the path verifies the raw request (its plugin knows
 * the provider's key and signature scheme); only a verified notification is recorded, once per gateway
 * order (the store's primary key decides, so a redelivery or two nodes at once make one record). A refused
 * callback changes nothing and is logged without its body.
 */
@Component
public final class PaymentCallbackService implements Payments {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentCallbackService.class);

    private record Gateway(PaymentGateway service, int ranking, long id) {
    }

    private final PaymentStore store;
    /** Settles the order a verified notification is about (absent only in unit tests without a framework). */
    @Reference
    private org.kaowu.service.internal.PaymentSettlement settlement;
    private final Map<String, Map<PaymentGateway, Gateway>> gateways = new ConcurrentHashMap<>();

    @Activate
    public PaymentCallbackService(@Reference(target = "(component.name=org.kaowu.store.internal.StoreComponent)") PaymentStore store) {
        this.store = store;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = "(" + PaymentGateway.GATEWAY + "=*)")
    void bindGateway(PaymentGateway gateway, Map<String, Object> props) {
        if (props.get(PaymentGateway.GATEWAY) instanceof String name) {
            Object ranking = props.get(Constants.SERVICE_RANKING);
            gateways.computeIfAbsent(name, n -> new ConcurrentHashMap<>())
                    .put(gateway, new Gateway(gateway, ranking instanceof Integer i ? i : 0, (Long) props.get(Constants.SERVICE_ID)));
        }
    }

    void unbindGateway(PaymentGateway gateway, Map<String, Object> props) {
        if (props.get(PaymentGateway.GATEWAY) instanceof String name) {
            gateways.getOrDefault(name, Map.of()).remove(gateway);
        }
    }

    /** The gateway of that name: the highest ranking, then the oldest. */
    Optional<PaymentGateway> gateway(String name) {
        return gateways.getOrDefault(name, Map.of()).values().stream()
                .max(Comparator.comparingInt(Gateway::ranking).thenComparing(Comparator.comparingLong(Gateway::id).reversed()))
                .map(Gateway::service);
    }

    @Override
    public CallbackReceipt receiveCallback(String gateway, Map<String, List<String>> headers, byte[] body) {
        PaymentGateway g = gateway(gateway).orElseThrow(() -> new KaowuException(ErrorCode.PAYMENT_GATEWAY_NOT_FOUND,
                "No payment gateway " + gateway + " is installed"));
        PaymentGateway.CallbackVerdict verdict;
        try {
            verdict = g.verifyCallback(new PaymentGateway.Callback(headers, body));
        } catch (RuntimeException e) {
            // a plugin must refuse, not throw; either way nothing of this callback is believed
            LOG.warn("Payment gateway {} failed verifying a callback", gateway, e);
            verdict = new PaymentGateway.Refused(PaymentGateway.RefusalReason.MALFORMED, "verification failed: " + e.getClass().getSimpleName());
        }
        if (verdict instanceof PaymentGateway.Refused refused) {
            LOG.warn("Payment callback for gateway {} refused: {} ({}), {} bytes", gateway, refused.reason(), refused.detail(), body.length);
            throw new KaowuException(ErrorCode.PAYMENT_CALLBACK_REFUSED, refused.reason() == PaymentGateway.RefusalReason.BAD_SIGNATURE
                    ? "The callback's signature does not hold" : "The callback is not a notification of this gateway");
        }
        PaymentGateway.Verified verified = (PaymentGateway.Verified) verdict;
        PaymentGateway.PaymentNotification n = verified.notification();
        PaymentStore.NotificationReceipt receipt = store.recordNotification(new PaymentNotificationRecord(gateway, n.gatewayOrderId(),
                n.merchantOrderId(), n.notificationId(), n.state().name(), n.amount().value(), n.amount().currency(),
                n.paidAmount().map(PaymentGateway.Amount::value), n.paidAt(), java.time.Instant.EPOCH, java.time.Instant.EPOCH, 0));
        PaymentNotificationRecord stored = receipt.stored();
        if (!receipt.first() && !stored.state().equals(n.state().name())) {
            // a gateway's final states do not change; report rather than overwrite what was recorded first
            LOG.warn("Payment gateway {} order {} notified {} after {}: the first notification stands", gateway, n.gatewayOrderId(),
                    n.state(), stored.state());
        }
        org.kaowu.service.internal.PaymentSettlement settle = settlement;
        if (settle != null) {
            // on every verified delivery: settling is idempotent, and a redelivery makes good a settling lost to a restart
            settle.settle(gateway, n);
        }
        LOG.info("Payment callback {} for gateway {} order {} (merchant order {}): {}, delivery {}", n.notificationId(), gateway,
                n.gatewayOrderId(), n.merchantOrderId(), stored.state(), stored.deliveries());
        return new CallbackReceipt(gateway, stored.gatewayOrderId(), stored.merchantOrderId(), stored.state(), receipt.first(),
                stored.deliveries(), verified.acknowledgement());
    }
}
