package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.kaowu.distribution.XinjiangCandidates.assertProblem;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.kaowu.store.AccountStore;
import org.kaowu.store.PaymentStore;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Group payment over real HTTP against the real platform and the payment simulator: Xinjiang's Tianshan group
 * enrollment point (an assistance unit's staff account) pays for 100 of its candidates' GROUP enrollments with one
 * order, on the simulator's pay page; the callback (delivered twice) settles all 100 at once, one charge. Scope
 * and payment method are enforced with nothing stored on refusal, and of parallel group orders naming the same
 * enrollment exactly one takes it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GroupPaymentIT {
    private static final String ADMIN_PASSWORD = "Admin-Secret-2026";
    private static final String PASSWORD = "Exam-Season-2026";
    private static final String XJ = "/api/v1/regions/xinjiang";
    private static final String GROUP_PAYMENTS = XJ + "/office/group-payments";
    private static final String UNIT = "650102-JT01";
    /** 21 Feb 2019 12:00 in China: inside the April 2019 window, outside the lock. */
    private static final String INSIDE = "2019-02-21T04:00:00Z";

    @Inject
    private BundleContext context;

    private Http http;
    private Path home;
    private XinjiangCandidates candidates;
    private int port;

    @Configuration
    public Option[] config() {
        return XinjiangCandidates.paymentPlatform(ADMIN_PASSWORD, INSIDE, 1, 0, 14);
    }

    @Before
    public void ready() throws Exception {
        port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        http = new Http(port);
        home = Path.of(context.getProperty(KaowuPlatform.HOME));
        candidates = XinjiangCandidates.whenServing(context, http, ADMIN_PASSWORD, PASSWORD);
    }

    private PaymentStore store() {
        return context.getService(context.getServiceReference(PaymentStore.class));
    }

    private long audited(String enrollment, String action) {
        AccountStore accounts = context.getService(context.getServiceReference(AccountStore.class));
        return accounts.auditTrail("xinjiang", java.util.Optional.of(enrollment), 200).stream().filter(a -> a.action().equals(action)).count();
    }

    /** {@code n} enrollments of new candidates of {@code unit} with {@code method}, ready to pay, made four at a time: {token, path} each. */
    private List<String[]> groupEnrollments(String prefix, int n, String method, String unit) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String[]>> made = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String stems = "甲乙丙丁戊己庚辛壬癸";
                String name = prefix + stems.charAt(i / 10 % 10) + stems.charAt(i % 10);
                made.add(pool.submit(() -> candidates.readyToPay(name, method, unit)));
            }
            List<String[]> all = new ArrayList<>();
            for (Future<String[]> f : made) {
                all.add(f.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String id(String[] enrollment) {
        return enrollment[1].substring(enrollment[1].lastIndexOf('/') + 1);
    }

    private String status(String[] enrollment) {
        return http.bearer("GET", enrollment[1], enrollment[0], null).json().path("status").asText();
    }

    private static Map<String, Object> order(List<String[]> enrollments) {
        return Map.of("sitting", "2019-04", "enrollments", enrollments.stream().map(GroupPaymentIT::id).toList());
    }

    @Test
    public void aGroupEnrollmentPointPaysForAHundredCandidatesWithOneOrderAndOneCharge() throws Exception {
        List<String[]> hundred = groupEnrollments("集体", 100, "GROUP", UNIT);
        String point = http.staff(ADMIN_PASSWORD, "xj-tianshan-jt01", "ASSISTANCE_UNIT", "xinjiang", UNIT);

        // a GROUP enrollment is not paid by the candidate
        assertProblem(http.bearer("POST", hundred.get(0)[1] + "/payments", hundred.get(0)[0], Map.of()), 409, "PAYMENT_METHOD_MISMATCH");
        assertEquals("DRAFT", status(hundred.get(0)));

        // refusals, each storing nothing: another unit's point, a county office, a candidate of no unit, an ONLINE enrollment
        String other = http.staff(ADMIN_PASSWORD, "xj-aksu-jt01", "ASSISTANCE_UNIT", "xinjiang", "652901-JT01");
        assertProblem(http.bearer("POST", GROUP_PAYMENTS, other, order(hundred)), 403, "FORBIDDEN");
        String county = http.staff(ADMIN_PASSWORD, "xj-tianshan-county", "COUNTY_OFFICE", "xinjiang", "650102");
        assertProblem(http.bearer("POST", GROUP_PAYMENTS, county, order(hundred)), 403, "FORBIDDEN");
        String[] stranger = candidates.readyToPay("散考生", "ONLINE", null);
        List<String[]> withStranger = new ArrayList<>(hundred);
        withStranger.add(stranger);
        assertProblem(http.bearer("POST", GROUP_PAYMENTS, point, order(withStranger)), 403, "FORBIDDEN");
        String[] online = candidates.readyToPay("网上缴费考生", "ONLINE", UNIT);
        List<String[]> withOnline = new ArrayList<>(hundred);
        withOnline.add(online);
        Http.Answer mismatch = http.bearer("POST", GROUP_PAYMENTS, point, order(withOnline));
        assertProblem(mismatch, 409, "PAYMENT_METHOD_MISMATCH");
        assertEquals("enrollments", mismatch.json().path("field").asText());
        assertProblem(http.bearer("POST", GROUP_PAYMENTS, point, Map.of("sitting", "2019-04", "enrollments", List.of())), 400, "FIELD_REQUIRED");
        assertProblem(http.bearer("POST", GROUP_PAYMENTS, point, Map.of("sitting", "1999-04", "enrollments", List.of(id(online)))), 404,
                "SITTING_NOT_FOUND");
        for (String[] e : hundred) {
            assertEquals("nothing was locked", "DRAFT", status(e));
        }

        // one order for the hundred: the sum of their prices, the window's close as its lapse
        Http.Answer made = http.bearer("POST", GROUP_PAYMENTS, point, order(hundred));
        assertEquals(made.toString(), 201, made.status());
        JsonNode order = made.json();
        String paymentId = order.path("paymentId").asText();
        assertTrue(made.location(), made.location().endsWith(GROUP_PAYMENTS + "/" + paymentId));
        assertEquals("12000.00", order.path("amount").path("value").asText());
        assertEquals("CNY", order.path("amount").path("currency").asText());
        assertEquals("2019-02-26T10:00:00Z", order.path("expiresAt").asText());
        assertEquals(100, order.path("enrollments").size());
        assertEquals("OPEN", order.path("status").asText());
        for (String[] e : hundred) {
            assertEquals("AWAITING_PAYMENT", status(e));
        }
        assertProblem(http.bearer("PUT", hundred.get(5)[1] + "/exam-area", hundred.get(5)[0], Map.of("examArea", "6501")), 409, "ENROLLMENT_LOCKED");
        // asking again for any of them: in this order already
        assertProblem(http.bearer("POST", GROUP_PAYMENTS, point, order(hundred.subList(0, 1))), 409, "ENROLLMENT_LOCKED");
        assertProblem(http.bearer("GET", GROUP_PAYMENTS + "/" + paymentId, other, null), 404, "ENROLLMENT_NOT_FOUND");

        // the group point pays on the simulator's page (its form posts back to the same URL)
        String payUrl = order.path("payUrl").asText();
        Http.Answer page = http.get(payUrl);
        assertEquals(page.toString(), 200, page.status());
        assertTrue(page.body(), page.body().contains("12000.00 CNY"));
        Http.Answer paid = http.post(payUrl, "application/x-www-form-urlencoded", "action=pay");
        assertEquals(paid.toString(), 200, paid.status());

        // the callback, delivered twice, settles the order and all its enrollments once
        RestRuntime.await("two deliveries of the callback", () -> store().notificationsOfMerchantOrder("simulator", paymentId).stream()
                .anyMatch(n -> n.deliveries() >= 2));
        RestRuntime.await("the group order paid", () -> http.bearer("GET", GROUP_PAYMENTS + "/" + paymentId, point, null).json()
                .path("status").asText().equals("PAID"));
        assertEquals("one charge", 1, store().notificationsOfMerchantOrder("simulator", paymentId).size());
        JsonNode atGateway = http.get("/payment-simulator/orders/" + paymentId).json();
        assertEquals(atGateway.toString(), "PAID", atGateway.path("state").asText());
        for (String[] e : hundred) {
            assertEquals("PAID", status(e));
            assertEquals("settled once", 1, audited(id(e), "PAYMENT_SETTLED"));
            assertTrue("no personal order", store().orderOfEnrollment("xinjiang", java.util.UUID.fromString(id(e))).isEmpty());
        }
        assertEquals("the ONLINE enrollment outside the order is untouched", "DRAFT", status(online));

        // a group-paid enrollment's confirmation shows its own share
        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + hundred.get(7)[1]
                + "/confirmation.pdf")).header("Authorization", "Bearer " + hundred.get(7)[0]).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pdf.statusCode());
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text, text.contains("120.00") && text.contains(paymentId));
        }
    }

    @Test
    public void ofParallelGroupOrdersNamingOneEnrollmentExactlyOneTakesIt() throws Exception {
        int n = 8;
        List<String[]> enrollments = groupEnrollments("并行", n + 1, "GROUP", UNIT);
        String[] shared = enrollments.get(n);
        String point = http.staff(ADMIN_PASSWORD, "xj-tianshan-jt01", "ASSISTANCE_UNIT", "xinjiang", UNIT);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[] own = enrollments.get(i);
            Callable<Http.Answer> call = () -> {
                go.await();
                return http.bearer("POST", GROUP_PAYMENTS, point, order(List.of(own, shared)));
            };
            answers.add(pool.submit(call));
        }
        go.countDown();
        Set<String> orders = new HashSet<>();
        Set<String> taken = new HashSet<>();
        for (Future<Http.Answer> f : answers) {
            Http.Answer a = f.get();
            if (a.status() == 201) {
                orders.add(a.json().path("paymentId").asText());
                a.json().path("enrollments").forEach(x -> taken.add(x.asText()));
            } else {
                assertProblem(a, 409, "ENROLLMENT_LOCKED");
            }
        }
        pool.shutdownNow();
        assertEquals("one order took the shared enrollment: " + orders, 1, orders.size());
        assertTrue(taken.contains(id(shared)));
        for (int i = 0; i < n; i++) {
            String[] own = enrollments.get(i);
            assertEquals("a refused order locked nothing", taken.contains(id(own)) ? "AWAITING_PAYMENT" : "DRAFT", status(own));
        }
        assertEquals("AWAITING_PAYMENT", status(shared));
    }
}
