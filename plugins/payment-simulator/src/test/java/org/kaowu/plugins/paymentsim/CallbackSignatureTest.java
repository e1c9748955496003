package org.kaowu.plugins.paymentsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kaowu.spi.PaymentGateway;
import org.kaowu.spi.PaymentGateway.OrderState;

/** SHA256withRSA callbacks: what the gateway signs verifies; forged, tampered, unsigned and malformed callbacks are refused. */
class CallbackSignatureTest {
    private static final Instant T0 = Instant.parse("2026-02-20T05:00:00Z");

    @TempDir
    Path dir;

    private static SimOrder paidOrder() {
        return new SimOrder("SIM20260220000000000001", "M-1", new BigDecimal("86.00"), "CNY", T0.plusSeconds(900), "报考缴费", URI.create("http://x/r"),
                URI.create("http://x/cb"), T0, OrderState.PENDING, Optional.empty(), "N1", false, false).finished(OrderState.PAID, T0.plusSeconds(60));
    }

    private static PaymentGateway.Callback callback(String body, String signature) {
        return new PaymentGateway.Callback(signature == null ? Map.of("Content-Type", List.of("application/x-www-form-urlencoded"))
                : Map.of("x-simulator-signature", List.of(signature)), body.getBytes(StandardCharsets.UTF_8));
    }

    private KeyPair keys() throws Exception {
        return Keys.loadOrGenerate(dir.resolve("gateway-private.pem"), dir.resolve("gateway-public.pem"));
    }

    @Test
    void aSignedCallbackVerifiesAndParses() throws Exception {
        KeyPair keys = keys();
        String body = PaymentSimulator.callbackBody(paidOrder(), T0.plusSeconds(61));
        PaymentGateway.CallbackVerdict v = SimulatedGateway.verify(callback(body, Keys.sign(keys.getPrivate(), body.getBytes(StandardCharsets.UTF_8))),
                keys.getPublic());
        assertThat(v).isInstanceOfSatisfying(PaymentGateway.Verified.class, ok -> {
            assertThat(ok.acknowledgement()).isEqualTo("success");
            PaymentGateway.PaymentNotification n = ok.notification();
            assertThat(n.notificationId()).isEqualTo("N1");
            assertThat(n.merchantOrderId()).isEqualTo("M-1");
            assertThat(n.gatewayOrderId()).isEqualTo("SIM20260220000000000001");
            assertThat(n.state()).isEqualTo(OrderState.PAID);
            assertThat(n.amount()).isEqualTo(PaymentGateway.Amount.of("86.00", "CNY"));
            assertThat(n.paidAmount()).contains(PaymentGateway.Amount.of("86.00", "CNY"));
            assertThat(n.paidAt()).contains(T0.plusSeconds(60));
        });
    }

    @Test
    void keysSurviveARestartAsOwnerOnlyPemFiles() throws Exception {
        KeyPair first = keys();
        KeyPair again = keys();
        assertThat(again.getPublic()).isEqualTo(first.getPublic());
        assertThat(again.getPrivate()).isEqualTo(first.getPrivate());
        assertThat(Files.readString(dir.resolve("gateway-public.pem"))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(Files.getPosixFilePermissions(dir.resolve("gateway-private.pem"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Keys.publicKey(Files.readString(dir.resolve("gateway-public.pem")))).isEqualTo(first.getPublic());
    }

    @Test
    void aTamperedBodyIsRefused() throws Exception {
        KeyPair keys = keys();
        String body = PaymentSimulator.callbackBody(paidOrder(), T0);
        String signature = Keys.sign(keys.getPrivate(), body.getBytes(StandardCharsets.UTF_8));
        String tampered = body.replace("paid_amount=86.00", "paid_amount=0.01");
        assertThat(tampered).isNotEqualTo(body);
        assertThat(SimulatedGateway.verify(callback(tampered, signature), keys.getPublic()))
                .isEqualTo(new PaymentGateway.Refused(PaymentGateway.RefusalReason.BAD_SIGNATURE, "signature does not hold over the body"));
    }

    @Test
    void aCallbackSignedWithAnotherKeyIsRefused() throws Exception {
        KeyPair keys = keys();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair forger = g.generateKeyPair();
        String body = PaymentSimulator.callbackBody(paidOrder(), T0);
        assertThat(SimulatedGateway.verify(callback(body, Keys.sign(forger.getPrivate(), body.getBytes(StandardCharsets.UTF_8))), keys.getPublic()))
                .isInstanceOfSatisfying(PaymentGateway.Refused.class, r -> assertThat(r.reason()).isEqualTo(PaymentGateway.RefusalReason.BAD_SIGNATURE));
    }

    @Test
    void unsignedOrGarbledSignaturesAreRefused() throws Exception {
        KeyPair keys = keys();
        String body = PaymentSimulator.callbackBody(paidOrder(), T0);
        for (String signature : new String[] {null, "", "not base64 !", "AAAA"}) {
            assertThat(SimulatedGateway.verify(callback(body, signature), keys.getPublic())).as(String.valueOf(signature))
                    .isInstanceOfSatisfying(PaymentGateway.Refused.class, r -> assertThat(r.reason()).isEqualTo(PaymentGateway.RefusalReason.BAD_SIGNATURE));
        }
    }

    @Test
    void signedButMalformedCallbacksAreRefused() throws Exception {
        KeyPair keys = keys();
        for (String body : new String[] {"not form data", "state=PAID&state=PAID", "state=PENDING&amount=1&currency=CNY&notify_id=n&merchant_order_id=m&gateway_order_id=g",
                "state=PAID&amount=1&currency=CNY&notify_id=n&merchant_order_id=m&gateway_order_id=g", "state=PAID&amount=-1&currency=CNY"}) {
            assertThat(SimulatedGateway.verify(callback(body, Keys.sign(keys.getPrivate(), body.getBytes(StandardCharsets.UTF_8))), keys.getPublic()))
                    .as(body).isInstanceOfSatisfying(PaymentGateway.Refused.class, r -> assertThat(r.reason()).isEqualTo(PaymentGateway.RefusalReason.MALFORMED));
        }
    }
}
