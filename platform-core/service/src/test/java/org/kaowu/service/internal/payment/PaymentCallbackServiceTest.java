package org.kaowu.service.internal.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.Payments;
import org.kaowu.spi.PaymentGateway;
import org.kaowu.store.PaymentNotificationRecord;
import org.kaowu.store.PaymentStore;
import org.osgi.framework.Constants;

/** Callbacks reach the named gateway's verifier; only verified ones are recorded; refusals change nothing. */
class PaymentCallbackServiceTest {
    private static final Instant PAID_AT = Instant.parse("2026-02-20T05:00:00Z");

    /** Records in a list, counting a second record of one gateway order as a delivery (as the database does). */
    private static final class ListStore implements PaymentStore {
        final List<PaymentNotificationRecord> records = new ArrayList<>();

        // payment orders are not this test's: the callback service without a settlement records only
        @Override
        public org.kaowu.store.PaymentOrderRecord openOrder(org.kaowu.store.PaymentOrderRecord order) {
            throw new UnsupportedOperationException();
        }

        @Override
        public org.kaowu.store.PaymentOrderRecord attachGatewayOrder(String orderId, String gatewayOrderId, String payUrl) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Optional<org.kaowu.store.PaymentOrderRecord> orderOfEnrollment(String region, java.util.UUID enrollment) {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.Optional<org.kaowu.store.PaymentOrderRecord> findOrder(String orderId) {
            return java.util.Optional.empty();
        }

        @Override
        public List<org.kaowu.store.PaymentOrderRecord> ordersIn(String status) {
            return List.of();
        }

        @Override
        public boolean settleOrder(String orderId, String to, java.time.Instant at) {
            return false;
        }

        @Override
        public NotificationReceipt recordNotification(PaymentNotificationRecord n) {
            for (int i = 0; i < records.size(); i++) {
                PaymentNotificationRecord r = records.get(i);
                if (r.gateway().equals(n.gateway()) && r.gatewayOrderId().equals(n.gatewayOrderId())) {
                    PaymentNotificationRecord again = new PaymentNotificationRecord(r.gateway(), r.gatewayOrderId(), r.merchantOrderId(), r.notificationId(),
                            r.state(), r.amount(), r.currency(), r.paidValue(), r.paidAt(), r.receivedAt(), r.lastReceivedAt(), r.deliveries() + 1);
                    records.set(i, again);
                    return new NotificationReceipt(again, false);
                }
            }
            PaymentNotificationRecord first = new PaymentNotificationRecord(n.gateway(), n.gatewayOrderId(), n.merchantOrderId(), n.notificationId(),
                    n.state(), n.amount(), n.currency(), n.paidValue(), n.paidAt(), PAID_AT, PAID_AT, 1);
            records.add(first);
            return new NotificationReceipt(first, true);
        }

        @Override
        public Optional<PaymentNotificationRecord> findNotification(String gateway, String gatewayOrderId) {
            return records.stream().filter(r -> r.gateway().equals(gateway) && r.gatewayOrderId().equals(gatewayOrderId)).findFirst();
        }

        @Override
        public List<PaymentNotificationRecord> notificationsOfMerchantOrder(String gateway, String merchantOrderId) {
            return records.stream().filter(r -> r.gateway().equals(gateway) && r.merchantOrderId().equals(merchantOrderId)).toList();
        }
    }

    /** Accepts a body "ok:<gateway order>" and refuses anything else; throws for "boom". */
    private static PaymentGateway gateway(String acknowledgement) {
        return new PaymentGateway() {
            @Override
            public GatewayOrder createOrder(OrderRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<OrderStatus> queryOrder(String merchantOrderId) {
                return Optional.empty();
            }

            @Override
            public CallbackVerdict verifyCallback(Callback callback) {
                String body = new String(callback.body(), StandardCharsets.UTF_8);
                if (body.equals("boom")) {
                    throw new IllegalStateException("plugin bug");
                }
                if (!body.startsWith("ok:")) {
                    return new Refused(RefusalReason.BAD_SIGNATURE, "no");
                }
                Amount amount = Amount.of("86.00", "CNY");
                return new Verified(new PaymentNotification("N1", "M1", body.substring(3), OrderState.PAID, amount, Optional.of(amount),
                        Optional.of(PAID_AT)), acknowledgement);
            }
        };
    }

    private static Map<String, Object> props(String name, int ranking, long id) {
        return Map.of(PaymentGateway.GATEWAY, name, Constants.SERVICE_RANKING, ranking, Constants.SERVICE_ID, id);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void verifiedCallbacksAreRecordedOnceAndRefusalsChangeNothing() {
        ListStore store = new ListStore();
        PaymentCallbackService payments = new PaymentCallbackService(store);
        PaymentGateway low = gateway("low");
        PaymentGateway high = gateway("high");
        payments.bindGateway(low, props("sim", 0, 1L));
        payments.bindGateway(high, props("sim", 10, 2L));

        Payments.CallbackReceipt first = payments.receiveCallback("sim", Map.of(), bytes("ok:G1"));
        assertThat(first.acknowledgement()).isEqualTo("high");
        assertThat(first.firstDelivery()).isTrue();
        assertThat(first.state()).isEqualTo("PAID");
        assertThat(first.merchantOrderId()).isEqualTo("M1");
        Payments.CallbackReceipt again = payments.receiveCallback("sim", Map.of(), bytes("ok:G1"));
        assertThat(again.firstDelivery()).isFalse();
        assertThat(again.deliveries()).isEqualTo(2);
        assertThat(store.records).hasSize(1);
        assertThat(store.records.get(0).paidValue()).get().satisfies(v -> assertThat(v).isEqualByComparingTo("86.00"));

        for (String bad : new String[] {"forged", "boom"}) {
            assertThatThrownBy(() -> payments.receiveCallback("sim", Map.of(), bytes(bad)))
                    .isInstanceOfSatisfying(KaowuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYMENT_CALLBACK_REFUSED));
        }
        assertThatThrownBy(() -> payments.receiveCallback("other", Map.of(), bytes("ok:G2")))
                .isInstanceOfSatisfying(KaowuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYMENT_GATEWAY_NOT_FOUND));
        assertThat(store.records).hasSize(1);

        payments.unbindGateway(high, props("sim", 10, 2L));
        assertThat(payments.receiveCallback("sim", Map.of(), bytes("ok:G3")).acknowledgement()).isEqualTo("low");
        payments.unbindGateway(low, props("sim", 0, 1L));
        assertThatThrownBy(() -> payments.receiveCallback("sim", Map.of(), bytes("ok:G4")))
                .isInstanceOfSatisfying(KaowuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYMENT_GATEWAY_NOT_FOUND));
    }
}
