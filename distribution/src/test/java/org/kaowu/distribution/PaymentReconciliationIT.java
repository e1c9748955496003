package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.kaowu.distribution.XinjiangCandidates.assertProblem;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.kaowu.store.PaymentStore;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reconciliation against the payment simulator configured to drop every callback: a payment whose
 * callback never arrives is settled by reconciliation (once: the gateway's genuine callback arriving
 * afterwards changes nothing), an order past the end of the window expires the enrollment, and the
 * province office reads the reports.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PaymentReconciliationIT {
    private static final String ADMIN_PASSWORD = "Admin-Secret-2026";
    private static final String PASSWORD = "Exam-Season-2026";
    private static final String XJ = "/api/v1/regions/xinjiang";
    private static final String MINE = XJ + "/candidates/me/enrollments";
    /** 21 Feb 2019 12:00 in China: inside the window, outside the lock. */
    private static final String INSIDE = "2019-02-21T04:00:00Z";

    @Inject
    private BundleContext context;

    private Http http;
    private Path home;
    private XinjiangCandidates candidates;
    private int port;
    private final HttpClient client = HttpClient.newHttpClient();

    @Configuration
    public Option[] config() {
        return XinjiangCandidates.paymentPlatform(ADMIN_PASSWORD, INSIDE, 0, 1, 12);
    }

    @Before
    public void ready() throws Exception {
        port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        http = new Http(port);
        home = Path.of(context.getProperty(KaowuPlatform.HOME));
        candidates = XinjiangCandidates.whenServing(context, http, ADMIN_PASSWORD, PASSWORD);
    }

    private static String sign(PrivateKey key, String body) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(body.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    private PaymentStore store() {
        return context.getService(context.getServiceReference(PaymentStore.class));
    }

    private void moveClock(String instant) throws Exception {
        KaowuPlatform.moveClock(context, instant);
    }

    private PrivateKey gatewayKey() throws Exception {
        Path pem = Path.of(context.getProperty("kaowu.data"), "payment-simulator", "gateway-private.pem");
        String base64 = java.nio.file.Files.readString(pem).replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return java.security.KeyFactory.getInstance("RSA").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private long audited(String enrollment, String action) {
        org.kaowu.store.AccountStore accounts = context.getService(context.getServiceReference(org.kaowu.store.AccountStore.class));
        return accounts.auditTrail("xinjiang", java.util.Optional.of(enrollment), 200).stream().filter(a -> a.action().equals(action)).count();
    }

    @Test
    public void aCallbackThatNeverArrivesIsSettledByReconciliationOnceAndLapsedOrdersExpire() throws Exception {
        moveClock(INSIDE);
        String[] ready = candidates.readyToPay("迪丽娜尔");
        String self = ready[0];
        String one = ready[1];
        String enrollment = one.substring(one.lastIndexOf('/') + 1);
        JsonNode order = http.bearer("POST", one + "/payments", self, Map.of()).json();
        String paymentId = order.path("paymentId").asText();
        Http.Answer paid = http.post(order.path("payUrl").asText(), "application/x-www-form-urlencoded", "action=pay");
        assertEquals(paid.toString(), 200, paid.status());
        Thread.sleep(1500);
        assertEquals("the callback was dropped", "AWAITING_PAYMENT", http.bearer("GET", one, self, null).json().path("status").asText());
        assertTrue(store().notificationsOfMerchantOrder("simulator", paymentId).isEmpty());

        // a second enrollment, locked but never paid
        String[] unpaid = candidates.readyToPay("古丽米拉");
        JsonNode unpaidOrder = http.bearer("POST", unpaid[1] + "/payments", unpaid[0], Map.of()).json();
        assertEquals(201, http.bearer("POST", unpaid[1] + "/payments", unpaid[0], Map.of()).status());

        org.kaowu.api.PaymentReconciliation reconciliation = context.getService(context.getServiceReference(org.kaowu.api.PaymentReconciliation.class));
        var run = reconciliation.reconcile("xinjiang");
        assertEquals(run.toString(), 2, run.checked());
        assertEquals(run.toString(), 1, run.settled());
        assertEquals(run.toString(), 0, run.expired());
        assertEquals("settled by reconciliation", "PAID", http.bearer("GET", one, self, null).json().path("status").asText());
        assertEquals("AWAITING_PAYMENT", http.bearer("GET", unpaid[1], unpaid[0], null).json().path("status").asText());

        // the gateway's genuine callback arriving after reconciliation settled the order: accepted, nothing more
        String gatewayOrderId = store().findOrder(paymentId).orElseThrow().gatewayOrderId().orElseThrow();
        String body = "notify_id=N-" + gatewayOrderId + "&merchant_order_id=" + paymentId + "&gateway_order_id=" + gatewayOrderId
                + "&state=PAID&amount=120.00&currency=CNY&paid_amount=120.00&paid_at=" + Instant.now() + "&notify_time=" + Instant.now();
        HttpResponse<String> late = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/payment-callbacks/simulator"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8").header("X-Simulator-Signature", sign(gatewayKey(), body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(late.body(), 200, late.statusCode());
        assertEquals("PAID", http.bearer("GET", one, self, null).json().path("status").asText());
        assertEquals("settled once", 1, audited(enrollment, "PAYMENT_SETTLED"));

        // past the window's end the unpaid order lapses: the enrollment expires, and cannot be paid any more
        moveClock("2019-02-26T10:00:01Z");
        var later = reconciliation.reconcile("xinjiang");
        assertEquals(later.toString(), 1, later.checked());
        assertEquals(later.toString(), 1, later.expired());
        assertEquals("EXPIRED", http.bearer("GET", unpaid[1], unpaid[0], null).json().path("status").asText());
        assertProblem(http.bearer("POST", unpaid[1] + "/payments", unpaid[0], Map.of()), 409, "ENROLLMENT_LOCKED");
        assertEquals("EXPIRED", store().findOrder(unpaidOrder.path("paymentId").asText()).orElseThrow().status());

        // the province office reads the reports; a county office may not
        String province = http.staff(ADMIN_PASSWORD, "xj-recon-province", "PROVINCE_OFFICE", "xinjiang", "650000");
        Http.Answer reports = http.bearer("GET", XJ + "/office/reconciliation-reports", province, null);
        assertEquals(reports.toString(), 200, reports.status());
        assertTrue(reports.body(), reports.json().size() >= 2);
        // newest first; this run is there (other tests of this class may have reconciled later on the moved clock)
        Instant previous = Instant.MAX;
        boolean thisRun = false;
        for (JsonNode r : reports.json()) {
            Instant at = Instant.parse(r.path("at").asText());
            assertTrue(reports.body(), !at.isAfter(previous));
            previous = at;
            thisRun |= r.path("action").asText().equals("RECONCILIATION") && r.path("detail").asText().contains("expired 1");
        }
        assertTrue(reports.body(), thisRun);
        String county = http.staff(ADMIN_PASSWORD, "xj-recon-saybag", "COUNTY_OFFICE", "xinjiang", "650103");
        assertProblem(http.bearer("GET", XJ + "/office/reconciliation-reports", county, null), 403, "FORBIDDEN");
    }

    private HttpResponse<String> callback(String body, String signature) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/payment-callbacks/simulator"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8").header("X-Simulator-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void refused(HttpResponse<String> r) {
        assertEquals(r.body(), 400, r.statusCode());
        assertTrue(r.body(), r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(r.body(), r.body().contains("\"PAYMENT_CALLBACK_REFUSED\""));
    }

    private static String paidBody(String paymentId, String gatewayOrderId, String paid) {
        return "notify_id=N-" + gatewayOrderId + "&merchant_order_id=" + paymentId + "&gateway_order_id=" + gatewayOrderId
                + "&state=PAID&amount=120.00&currency=CNY&paid_amount=" + paid + "&paid_at=" + Instant.now() + "&notify_time=" + Instant.now();
    }

    @Test
    public void aTamperedCallbackOfARealEnrollmentsOrderIsRefusedAndChangesNothing() throws Exception {
        moveClock(INSIDE);
        String[] ready = candidates.readyToPay("帕提古丽");
        String enrollment = ready[1].substring(ready[1].lastIndexOf('/') + 1);
        JsonNode order = http.bearer("POST", ready[1] + "/payments", ready[0], Map.of()).json();
        String paymentId = order.path("paymentId").asText();
        String payUrl = order.path("payUrl").asText();
        String gatewayOrderId = payUrl.substring(payUrl.lastIndexOf('/') + 1);
        String genuine = paidBody(paymentId, gatewayOrderId, "120.00");
        String signature = sign(gatewayKey(), genuine);

        // the gateway's own signature over a body changed on the way: the amount, then the order it names
        refused(callback(genuine.replace("paid_amount=120.00", "paid_amount=0.01"), signature));
        String[] other = candidates.readyToPay("阿曼古丽");
        String otherId = http.bearer("POST", other[1] + "/payments", other[0], Map.of()).json().path("paymentId").asText();
        refused(callback(genuine.replace(paymentId, otherId), signature));
        refused(callback(genuine, signature.substring(0, signature.length() - 8) + "AAAAAAA="));
        assertEquals("AWAITING_PAYMENT", http.bearer("GET", ready[1], ready[0], null).json().path("status").asText());
        assertEquals("AWAITING_PAYMENT", http.bearer("GET", other[1], other[0], null).json().path("status").asText());
        assertTrue(store().notificationsOfMerchantOrder("simulator", paymentId).isEmpty());
        assertTrue(store().notificationsOfMerchantOrder("simulator", otherId).isEmpty());
        assertEquals("OPEN", store().findOrder(paymentId).orElseThrow().status());
        assertEquals(0, audited(enrollment, "PAYMENT_SETTLED"));

        // the untouched body with the same signature settles it: the refusals were for the tampering
        Http.Answer paid = http.post(payUrl, "application/x-www-form-urlencoded", "action=pay");
        assertEquals(paid.toString(), 200, paid.status());
        HttpResponse<String> ok = callback(genuine, signature);
        assertEquals(ok.body(), 200, ok.statusCode());
        assertEquals("PAID", http.bearer("GET", ready[1], ready[0], null).json().path("status").asText());
        assertEquals(1, audited(enrollment, "PAYMENT_SETTLED"));
        // the other order stays open (paid neither here nor there): it lapses with the window
        assertEquals("OPEN", store().findOrder(otherId).orElseThrow().status());
        settleOrLapse(other, otherId);
    }

    /** Leaves no open order behind for the other tests' counts: pays it at the gateway and delivers its callback. */
    private void settleOrLapse(String[] enrollment, String paymentId) throws Exception {
        String payUrl = store().findOrder(paymentId).orElseThrow().payUrl().orElseThrow();
        assertEquals(200, http.post(payUrl, "application/x-www-form-urlencoded", "action=pay").status());
        String gatewayOrderId = payUrl.substring(payUrl.lastIndexOf('/') + 1);
        String body = paidBody(paymentId, gatewayOrderId, "120.00");
        assertEquals(200, callback(body, sign(gatewayKey(), body)).statusCode());
        assertEquals("PAID", http.bearer("GET", enrollment[1], enrollment[0], null).json().path("status").asText());
    }

    @Test
    public void anOrderPaidAtTheGatewayAfterItLapsedHereIsReportedOnceByReconciliation() throws Exception {
        moveClock(INSIDE);
        String[] ready = candidates.readyToPay("努尔古丽");
        String enrollment = ready[1].substring(ready[1].lastIndexOf('/') + 1);
        JsonNode order = http.bearer("POST", ready[1] + "/payments", ready[0], Map.of()).json();
        String paymentId = order.path("paymentId").asText();
        // the order lapses when the window closes: never later
        assertEquals(Instant.parse("2019-02-26T10:00:00Z"), Instant.parse(order.path("expiresAt").asText()));
        org.kaowu.api.PaymentReconciliation reconciliation = context.getService(context.getServiceReference(org.kaowu.api.PaymentReconciliation.class));

        // past the window's end, unpaid at the gateway: reconciliation expires it
        moveClock("2019-02-26T10:00:01Z");
        reconciliation.reconcile("xinjiang");
        assertEquals("EXPIRED", http.bearer("GET", ready[1], ready[0], null).json().path("status").asText());
        assertEquals("EXPIRED", store().findOrder(paymentId).orElseThrow().status());

        // the gateway takes the payment all the same (its clock a minute behind), its callback dropped
        moveClock("2019-02-26T09:59:00Z");
        Http.Answer paid = http.post(order.path("payUrl").asText(), "application/x-www-form-urlencoded", "action=pay");
        assertEquals(paid.toString(), 200, paid.status());
        assertEquals("PAID", http.get("/payment-simulator/orders/" + paymentId).json().path("state").asText());

        // reconciliation asks again about lapsed orders: paid there, lapsed here is reported, once
        moveClock("2019-02-26T10:05:00Z");
        var run = reconciliation.reconcile("xinjiang");
        assertEquals(run.toString(), 1, run.mismatches());
        assertEquals("EXPIRED", http.bearer("GET", ready[1], ready[0], null).json().path("status").asText());
        assertEquals(1, audited(enrollment, "PAYMENT_MISMATCH"));
        var again = reconciliation.reconcile("xinjiang");
        assertEquals(again.toString(), 0, again.mismatches());
        // the gateway's late genuine callback: accepted, nothing settled, not reported a second time
        String payUrl = order.path("payUrl").asText();
        String body = paidBody(paymentId, payUrl.substring(payUrl.lastIndexOf('/') + 1), "120.00");
        assertEquals(200, callback(body, sign(gatewayKey(), body)).statusCode());
        assertEquals(1, audited(enrollment, "PAYMENT_MISMATCH"));
        assertEquals(0, audited(enrollment, "PAYMENT_SETTLED"));
        String province = http.staff(ADMIN_PASSWORD, "xj-recon-province", "PROVINCE_OFFICE", "xinjiang", "650000");
        Http.Answer reports = http.bearer("GET", XJ + "/office/reconciliation-reports", province, null);
        boolean found = false;
        for (JsonNode r : reports.json()) {
            found |= r.path("action").asText().equals("PAYMENT_MISMATCH") && r.path("enrollment").asText().equals(enrollment)
                    && r.path("detail").asText().contains("lapsed here");
        }
        assertTrue(reports.body(), found);
    }
}
