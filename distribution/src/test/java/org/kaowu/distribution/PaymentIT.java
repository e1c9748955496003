package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.kaowu.distribution.XinjiangCandidates.assertProblem;
import static org.kaowu.distribution.XinjiangCandidates.courses;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.inject.Inject;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
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
 * Paying for an enrollment over real HTTP against the real platform and the payment simulator: a
 * Xinjiang candidate in the April 2019 window (moved clock) walks the steps and presses pay twenty times
 * at once (one order, one payment id), pays on the simulator's own pay page, whose callback (delivered
 * twice, signed) settles the enrollment once; a forged callback changes nothing; after payment every
 * change is ENROLLMENT_LOCKED, and the confirmation PDF carries the candidate's Chinese name and courses.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PaymentIT {
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
        return XinjiangCandidates.paymentPlatform(ADMIN_PASSWORD, INSIDE, 1, 0, 11);
    }

    @Before
    public void ready() throws Exception {
        port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        http = new Http(port);
        home = Path.of(context.getProperty(KaowuPlatform.HOME));
        candidates = XinjiangCandidates.whenServing(context, http, ADMIN_PASSWORD, PASSWORD);
    }

    private HttpResponse<byte[]> confirmation(String self, String one) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + one + "/confirmation.pdf"))
                .header("Authorization", "Bearer " + self).build(), HttpResponse.BodyHandlers.ofByteArray());
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

    @Test
    public void twentyPaysAreOneOrderPaidOnThePayPageSettledOnceAndConfirmed() throws Exception {
        String[] ready = candidates.readyToPay("阿依古丽");
        String self = ready[0];
        String one = ready[1];

        // before payment: no confirmation
        HttpResponse<byte[]> early = confirmation(self, one);
        assertEquals(409, early.statusCode());
        assertTrue(new String(early.body(), StandardCharsets.UTF_8).contains("ENROLLMENT_NOT_PAID"));

        // twenty concurrent presses of "pay": one order, one payment id
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Callable<Http.Answer> call = () -> {
                start.await();
                return http.bearer("POST", one + "/payments", self, Map.of());
            };
            answers.add(pool.submit(call));
        }
        start.countDown();
        Set<String> paymentIds = new HashSet<>();
        Set<String> payUrls = new HashSet<>();
        JsonNode order = null;
        for (Future<Http.Answer> f : answers) {
            Http.Answer a = f.get();
            assertEquals(a.toString(), 201, a.status());
            order = a.json();
            paymentIds.add(order.path("paymentId").asText());
            payUrls.add(order.path("payUrl").asText());
        }
        pool.shutdownNow();
        assertEquals("one order: " + paymentIds, 1, paymentIds.size());
        assertEquals("one pay page: " + payUrls, 1, payUrls.size());
        assertEquals("120.00", order.path("amount").path("value").asText());
        assertEquals("CNY", order.path("amount").path("currency").asText());
        // the order lapses where the region says: when the window closes (26 Feb 2019 18:00 China time)
        assertEquals(Instant.parse("2019-02-26T10:00:00Z"), Instant.parse(order.path("expiresAt").asText()));
        String paymentId = order.path("paymentId").asText();
        String payUrl = order.path("payUrl").asText();
        assertEquals("asking again answers the same order", paymentId,
                http.bearer("POST", one + "/payments", self, Map.of()).json().path("paymentId").asText());
        assertEquals("AWAITING_PAYMENT", http.bearer("GET", one, self, null).json().path("status").asText());
        assertProblem(http.bearer("PUT", one + "/exam-area", self, Map.of("examArea", "6501")), 409, "ENROLLMENT_LOCKED");

        // a forged callback claiming the order paid: refused, nothing changed
        String gatewayOrderId = payUrl.substring(payUrl.lastIndexOf('/') + 1);
        String forged = "notify_id=N-forged&merchant_order_id=" + paymentId + "&gateway_order_id=" + gatewayOrderId
                + "&state=PAID&amount=120.00&currency=CNY&paid_amount=120.00&paid_at=" + Instant.now() + "&notify_time=" + Instant.now();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/payment-callbacks/simulator"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("X-Simulator-Signature", sign(g.generateKeyPair().getPrivate(), forged))
                .POST(HttpRequest.BodyPublishers.ofString(forged, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(refused.body(), 400, refused.statusCode());
        assertEquals("AWAITING_PAYMENT", http.bearer("GET", one, self, null).json().path("status").asText());

        // pay on the simulator's own page (its form posts back to the same URL)
        Http.Answer page = http.get(payUrl);
        assertEquals(page.toString(), 200, page.status());
        assertTrue(page.body(), page.body().contains("120.00 CNY") && page.body().contains("value=\"pay\""));
        Http.Answer paid = http.post(payUrl, "application/x-www-form-urlencoded", "action=pay");
        assertEquals(paid.toString(), 200, paid.status());

        // the callback arrives twice (as configured): PAID once
        RestRuntime.await("two deliveries of the callback", () -> store().notificationsOfMerchantOrder("simulator", paymentId).stream()
                .anyMatch(n -> n.deliveries() >= 2));
        JsonNode settled = http.bearer("GET", one, self, null).json();
        assertEquals(settled.toString(), "PAID", settled.path("status").asText());
        assertEquals("PAID", store().findOrder(paymentId).orElseThrow().status());
        assertEquals(1, store().ordersIn("PAID").stream().filter(o -> o.id().equals(paymentId)).count());

        // once paid: every change refused, nothing changed; pay again answers the paid order, no second one
        assertProblem(http.bearer("PUT", one + "/majors", self, Map.of("majors", List.of("120202"))), 409, "ENROLLMENT_LOCKED");
        assertProblem(http.bearer("PUT", one + "/courses", self, Map.of("courses", courses("120202", "03708"))), 409, "ENROLLMENT_LOCKED");
        assertProblem(http.bearer("PUT", one + "/payment-method", self, Map.of("method", "GROUP")), 409, "ENROLLMENT_LOCKED");
        assertEquals(settled, http.bearer("GET", one, self, null).json());
        assertEquals(paymentId, http.bearer("POST", one + "/payments", self, Map.of()).json().path("paymentId").asText());

        // the confirmation: a PDF with the candidate's Chinese name and the course names
        HttpResponse<byte[]> pdf = confirmation(self, one);
        assertEquals(200, pdf.statusCode());
        assertTrue(pdf.headers().firstValue("Content-Type").orElse("").startsWith("application/pdf"));
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text, text.contains("阿依古丽"));
            assertTrue(text, text.contains("中国近现代史纲要"));
            assertTrue(text, text.contains("英语(二)") || text.contains("英语（二）"));
            assertTrue(text, text.contains("120.00"));
            assertTrue(text, text.contains("2019-04-13"));
        }
    }
}
