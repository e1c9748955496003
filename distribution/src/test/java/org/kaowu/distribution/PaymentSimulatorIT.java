package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.kaowu.spi.PaymentGateway;
import org.kaowu.store.PaymentNotificationRecord;
import org.kaowu.store.PaymentStore;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The payment gateway simulator against the real platform over HTTP: an order opened through the
 * {@code PaymentGateway} service, its own pay page, its signed callback (configured here to arrive twice)
 * recorded once; forged, tampered and unsigned callbacks refused with nothing recorded; a failed payment
 * notified as CLOSED; a lapsed order no longer payable; and the queries that reconciliation uses.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PaymentSimulatorIT {
    private static final String CALLBACKS = "/api/v1/payment-callbacks/simulator";

    @Inject
    private BundleContext context;

    private Http http;
    private int port;
    private final HttpClient client = HttpClient.newHttpClient();

    @Configuration
    public Option[] config() {
        // every callback twice, quickly; no drops: the test waits for both deliveries
        return KaowuPlatform.options(Map.of("org.kaowu.plugins.paymentsim.cfg", "callbackDelayMillis=50\ncallbackDelaySpreadMillis=0\n"
                + "duplicateProbability=1\nduplicateGapMillis=300\noutOfOrderProbability=0\ndropProbability=0\nseed=7\nretryDelayMillis=200\n"));
    }

    @Before
    public void ready() throws Exception {
        port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        http = new Http(port);
        RestRuntime.awaitReady(context, http);
        RestRuntime.await("the payment simulator", () -> gatewayReference().isPresent());
    }

    private Optional<ServiceReference<PaymentGateway>> gatewayReference() {
        try {
            Collection<ServiceReference<PaymentGateway>> refs = context.getServiceReferences(PaymentGateway.class,
                    "(" + PaymentGateway.GATEWAY + "=simulator)");
            return refs.stream().findFirst();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private PaymentGateway gateway() {
        return context.getService(gatewayReference().orElseThrow());
    }

    private PaymentStore store() {
        return context.getService(context.getServiceReference(PaymentStore.class));
    }

    private PaymentGateway.GatewayOrder open(String merchantOrderId, String amount, Duration lapse) {
        return gateway().createOrder(new PaymentGateway.OrderRequest(merchantOrderId, PaymentGateway.Amount.of(amount, "CNY"),
                Instant.now().plus(lapse), "报考费 2019年4月 (4门)", URI.create("http://127.0.0.1:" + port + "/portal/index.html"),
                URI.create("http://127.0.0.1:" + port + CALLBACKS)));
    }

    private Http.Answer press(URI payUrl, String action) {
        return http.post(payUrl.toString(), "application/x-www-form-urlencoded", "action=" + action);
    }

    private HttpResponse<String> callback(String body, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + CALLBACKS))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            b.header("X-Simulator-Signature", signature);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(PrivateKey key, String body) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(body.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    /** The simulated gateway's own private key, generated at its first start into data/. */
    private PrivateKey gatewayKey() throws Exception {
        Path pem = Path.of(context.getProperty("kaowu.data"), "payment-simulator", "gateway-private.pem");
        String base64 = Files.readString(pem).replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static void assertProblem(HttpResponse<String> r, int status, String code) {
        assertEquals(r.body(), status, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse(""), r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(r.body(), r.body().contains("\"code\":\"" + code + "\""));
    }

    private static String paidBody(String merchantOrderId, String gatewayOrderId, String amount) {
        return "notify_id=N-" + gatewayOrderId + "&merchant_order_id=" + merchantOrderId + "&gateway_order_id=" + gatewayOrderId
                + "&state=PAID&amount=" + amount + "&currency=CNY&paid_amount=" + amount + "&paid_at=" + Instant.now() + "&notify_time=" + Instant.now();
    }

    @Test
    public void aPaymentOnThePayPageIsCalledBackSignedTwiceAndRecordedOnce() throws Exception {
        assertEquals("true", String.valueOf(gatewayReference().orElseThrow().getProperty("kaowu.simulated")));
        String merchant = "E" + UUID.randomUUID().toString().replace("-", "");
        PaymentGateway.GatewayOrder order = open(merchant, "86.00", Duration.ofMinutes(15));
        assertEquals("the same merchant order is the same order", order.gatewayOrderId(), open(merchant, "86.00", Duration.ofMinutes(15)).gatewayOrderId());
        assertEquals(PaymentGateway.OrderState.PENDING, gateway().queryOrder(merchant).orElseThrow().state());

        Http.Answer page = http.get(order.payUrl().toString());
        assertEquals(page.toString(), 200, page.status());
        assertTrue(page.body(), page.body().contains("86.00 CNY") && page.body().contains("报考费 2019年4月 (4门)"));
        assertTrue(page.body(), page.body().contains("value=\"pay\"") && page.body().contains("value=\"fail\""));

        Http.Answer paid = press(order.payUrl(), "pay");
        assertEquals(paid.toString(), 200, paid.status());
        assertTrue(paid.body(), paid.body().contains("PAID"));
        assertEquals("paid once only", 409, press(order.payUrl(), "pay").status());

        // configured to deliver every callback twice: both arrive, one record
        RestRuntime.await("two deliveries of the callback", () -> store().findNotification("simulator", order.gatewayOrderId())
                .map(n -> n.deliveries() == 2).orElse(false));
        PaymentNotificationRecord n = store().findNotification("simulator", order.gatewayOrderId()).orElseThrow();
        assertEquals("PAID", n.state());
        assertEquals(merchant, n.merchantOrderId());
        assertEquals(0, new BigDecimal("86.00").compareTo(n.paidValue().orElseThrow()));
        assertEquals(1, store().notificationsOfMerchantOrder("simulator", merchant).size());

        PaymentGateway.OrderStatus status = gateway().queryOrder(merchant).orElseThrow();
        assertEquals(PaymentGateway.OrderState.PAID, status.state());
        assertEquals(PaymentGateway.Amount.of("86.00", "CNY"), status.paidAmount().orElseThrow());
        assertTrue(status.paidAt().isPresent());
        assertFalse(gateway().queryOrder("no-such-order").isPresent());
        Http.Answer query = http.get("/payment-simulator/orders/" + merchant);
        assertEquals(query.toString(), "PAID", query.json().path("state").asText());
    }

    @Test
    public void forgedTamperedAndUnsignedCallbacksAreRefusedAndChangeNothing() throws Exception {
        String merchant = "E" + UUID.randomUUID().toString().replace("-", "");
        PaymentGateway.GatewayOrder order = open(merchant, "120.00", Duration.ofMinutes(15));
        String body = paidBody(merchant, order.gatewayOrderId(), "120.00");

        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        assertProblem(callback(body, sign(g.generateKeyPair().getPrivate(), body)), 400, "PAYMENT_CALLBACK_REFUSED");
        String genuine = sign(gatewayKey(), body);
        assertProblem(callback(body.replace("paid_amount=120.00", "paid_amount=0.01"), genuine), 400, "PAYMENT_CALLBACK_REFUSED");
        assertProblem(callback(body, null), 400, "PAYMENT_CALLBACK_REFUSED");
        assertProblem(callback(body, "AAAA"), 400, "PAYMENT_CALLBACK_REFUSED");
        assertTrue(store().findNotification("simulator", order.gatewayOrderId()).isEmpty());
        assertTrue(store().notificationsOfMerchantOrder("simulator", merchant).isEmpty());

        HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/payment-callbacks/nosuchgateway"))
                .header("X-Simulator-Signature", genuine).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(unknown, 404, "PAYMENT_GATEWAY_NOT_FOUND");

        // the same body with the gateway's genuine signature is accepted: the refusals above were for the forgery
        HttpResponse<String> ok = callback(body, genuine);
        assertEquals(ok.body(), 200, ok.statusCode());
        assertEquals("success", ok.body());
        HttpResponse<String> again = callback(body, genuine);
        assertEquals(again.body(), 200, again.statusCode());
        PaymentNotificationRecord n = store().findNotification("simulator", order.gatewayOrderId()).orElseThrow();
        assertEquals(2, n.deliveries());
        assertEquals(0, new BigDecimal("120.00").compareTo(n.paidValue().orElseThrow()));
    }

    @Test
    public void aFailedPaymentIsNotifiedClosedAndALapsedOrderCannotBePaid() throws Exception {
        String merchant = "E" + UUID.randomUUID().toString().replace("-", "");
        PaymentGateway.GatewayOrder order = open(merchant, "30.00", Duration.ofMinutes(15));
        Http.Answer failed = press(order.payUrl(), "fail");
        assertEquals(failed.toString(), 200, failed.status());
        RestRuntime.await("the CLOSED callback", () -> store().findNotification("simulator", order.gatewayOrderId()).isPresent());
        assertEquals("CLOSED", store().findNotification("simulator", order.gatewayOrderId()).orElseThrow().state());
        assertTrue(store().findNotification("simulator", order.gatewayOrderId()).orElseThrow().paidValue().isEmpty());
        assertEquals(409, press(order.payUrl(), "pay").status());

        String lapsing = "E" + UUID.randomUUID().toString().replace("-", "");
        PaymentGateway.GatewayOrder late = open(lapsing, "30.00", Duration.ofMillis(300));
        // the order's own expiry, on the platform clock
        RestRuntime.await("the order to lapse", () -> gateway().queryOrder(lapsing).orElseThrow().state() == PaymentGateway.OrderState.CLOSED);
        Http.Answer tooLate = press(late.payUrl(), "pay");
        assertEquals(tooLate.toString(), 409, tooLate.status());
        assertEquals(404, http.get("/payment-simulator/pay/SIM-unknown").status());
    }

    @Test
    public void ordersSurviveARestartOfTheGatewayAndAFailedCallbackIsRetriedUntilItIsTaken() throws Exception {
        // callbacks to a gateway name the platform does not know yet: refused (404) and retried
        String merchant = "E" + UUID.randomUUID().toString().replace("-", "");
        PaymentGateway.GatewayOrder order = gateway().createOrder(new PaymentGateway.OrderRequest(merchant, PaymentGateway.Amount.of("86.00", "CNY"),
                Instant.now().plus(Duration.ofMinutes(15)), "retry", URI.create("http://127.0.0.1:" + port + "/portal/index.html"),
                URI.create("http://127.0.0.1:" + port + "/api/v1/payment-callbacks/simulator-late")));

        org.osgi.framework.Bundle simulator = gatewayReference().orElseThrow().getBundle();
        simulator.stop();
        simulator.start();
        RestRuntime.await("the payment simulator again", () -> gatewayReference().isPresent());
        assertEquals("the order survived the restart", order.gatewayOrderId(), gateway().queryOrder(merchant).orElseThrow().gatewayOrderId());
        RestRuntime.await("the pay page again", () -> http.get(order.payUrl().toString()).status() == 200);

        assertEquals(200, press(order.payUrl(), "pay").status());
        // a few deliveries fail while no gateway "simulator-late" is installed; then one is, and a retry is taken
        Thread.sleep(700);
        assertTrue(store().notificationsOfMerchantOrder("simulator-late", merchant).isEmpty());
        PaymentGateway simulated = gateway();
        java.util.Dictionary<String, Object> props = new java.util.Hashtable<>(Map.of(PaymentGateway.GATEWAY, "simulator-late"));
        org.osgi.framework.ServiceRegistration<PaymentGateway> late = context.registerService(PaymentGateway.class, new PaymentGateway() {
            @Override
            public GatewayOrder createOrder(OrderRequest request) {
                return simulated.createOrder(request);
            }

            @Override
            public Optional<OrderStatus> queryOrder(String merchantOrderId) {
                return simulated.queryOrder(merchantOrderId);
            }

            @Override
            public CallbackVerdict verifyCallback(Callback callback) {
                return simulated.verifyCallback(callback);
            }
        }, props);
        try {
            RestRuntime.await("the retried callback", () -> store().findNotification("simulator-late", order.gatewayOrderId()).isPresent());
            assertEquals("PAID", store().findNotification("simulator-late", order.gatewayOrderId()).orElseThrow().state());
        } finally {
            late.unregister();
        }
    }
}
