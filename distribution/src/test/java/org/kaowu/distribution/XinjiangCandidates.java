package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.kaowu.spi.PaymentGateway;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Xinjiang candidates made over HTTP as the region's flow has them (register, office approval, on-site
 * confirmation with a photo, mobile binding by the SMS code from the development outbox), and an enrollment
 * of the April 2019 sitting walked up to payment: what the enrollment and payment ITs start from.
 */
final class XinjiangCandidates {
    static final String XJ = "/api/v1/regions/xinjiang";
    static final String ENROLLMENTS = XJ + "/candidates/me/enrollments";

    private final Http http;
    private final Path home;
    private final String adminPassword;
    private final String password;

    XinjiangCandidates(Http http, Path home, String adminPassword, String password) {
        this.http = http;
        this.home = home;
        this.adminPassword = adminPassword;
        this.password = password;
    }

    /**
     * The platform of an enrollment and payment IT: the platform administrator with {@code adminPassword}, no
     * per-address limits, the business clock at {@code at}, and a payment simulator whose callbacks come after
     * 50 ms, again 300 ms later with {@code duplicateProbability}, never with {@code dropProbability}.
     */
    static Option[] paymentPlatform(String adminPassword, String at, int duplicateProbability, int dropProbability, int seed) {
        return KaowuPlatform.options(Map.of("org.kaowu.staff.cfg", "adminUsername=platform-admin\nadminPassword=" + adminPassword + "\n",
                "org.kaowu.limits.cfg", KaowuPlatform.UNLIMITED, "org.kaowu.clock.cfg", "movedTo=" + at + "\n",
                "org.kaowu.plugins.paymentsim.cfg", "callbackDelayMillis=50\ncallbackDelaySpreadMillis=0\nduplicateProbability=" + duplicateProbability
                        + "\nduplicateGapMillis=300\noutOfOrderProbability=0\ndropProbability=" + dropProbability + "\nseed=" + seed
                        + "\nretryDelayMillis=200\n"));
    }

    /** Waits until the platform, Xinjiang and the payment simulator serve; then the candidates made through {@code http}. */
    static XinjiangCandidates whenServing(BundleContext context, Http http, String adminPassword, String password) throws Exception {
        RestRuntime.awaitReady(context, http);
        RestRuntime.await("xinjiang", () -> http.get(XJ).status() == 200);
        RestRuntime.await("the payment simulator", () -> context.getServiceReference(PaymentGateway.class) != null);
        return new XinjiangCandidates(http, Path.of(context.getProperty(KaowuPlatform.HOME)), adminPassword, password);
    }

    /** A candidate through the whole flow; returns the session token. */
    String candidate(String name) throws Exception {
        return candidate(name, "binding");
    }

    /** A candidate up to {@code upTo}: "approval", "confirmation" or "binding" (the whole flow); returns the session token. */
    String candidate(String name, String upTo) throws Exception {
        return candidate(name, upTo, null);
    }

    /** A candidate registered through assistance unit {@code unit} (null: none) up to {@code upTo}; returns the session token. */
    String candidate(String name, String upTo, String unit) throws Exception {
        String id = IdNumbers.next();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("idType", "RESIDENT_ID");
        body.put("idNumber", id);
        String mobile = "139" + String.format("%08d", Math.floorMod(id.hashCode(), 100_000_000));
        body.put("mobile", mobile);
        body.put("password", password);
        body.put("office", "650102");
        if (unit != null) {
            body.put("assistanceUnit", unit);
        }
        Http.Answer created = http.postJson(XJ + "/candidates", body);
        assertEquals(created.toString(), 201, created.status());
        String candidate = created.json().path("id").asText();
        Http.Answer login = http.postJson(XJ + "/sessions", Map.of("login", id, "password", password));
        assertEquals(login.toString(), 201, login.status());
        String self = login.json().path("token").asText();
        String county = county();
        String office = XJ + "/office/candidates/" + candidate;
        assertEquals(200, http.bearer("POST", office + "/review", county, Map.of("decision", "APPROVE")).status());
        if (upTo.equals("approval")) {
            return self;
        }
        Http.Answer confirmed = http.bearer("POST", office + "/confirmation", county, Map.of("method", "ON_SITE", "photo", jpeg()));
        assertEquals(confirmed.toString(), 200, confirmed.status());
        if (upTo.equals("confirmation")) {
            return self;
        }
        Http.Answer binding = http.bearer("POST", XJ + "/candidates/me/mobile-bindings", self, Map.of());
        assertEquals(binding.toString(), 201, binding.status());
        String code = group(KaowuPlatform.outbox(home, mobile), "code: ([0-9]{6})");
        JsonNode bound = http.bearer("POST", XJ + "/candidates/me/mobile-bindings/" + binding.json().path("id").asText(), self,
                Map.of("code", code)).json();
        assertTrue(bound.toString(), bound.path("nextStep").isNull());
        return self;
    }

    private volatile String county;

    /** The county office's session (one for all candidates made here). */
    private String county() {
        String c = county;
        if (c == null) {
            synchronized (this) {
                if (county == null) {
                    county = http.staff(adminPassword, "xj-tianshan-county", "COUNTY_OFFICE", "xinjiang", "650102");
                }
                c = county;
            }
        }
        return c;
    }

    /** An April 2019 enrollment of a new candidate walked up to PAY (four courses of major 120202, online); returns {token, enrollment path}. */
    String[] readyToPay(String name) throws Exception {
        return readyToPay(name, "ONLINE", null);
    }

    /**
     * An April 2019 enrollment of a new candidate (of assistance unit {@code unit}, or none) walked up to PAY (four
     * courses of major 120202) with payment method {@code method}; returns {token, enrollment path}.
     */
    String[] readyToPay(String name, String method, String unit) throws Exception {
        String self = candidate(name, "binding", unit);
        Http.Answer created = http.bearer("POST", ENROLLMENTS, self, Map.of("sitting", "2019-04"));
        assertEquals(created.toString(), 201, created.status());
        String one = ENROLLMENTS + "/" + created.json().path("id").asText();
        assertEquals("COURSES", http.bearer("PUT", one + "/majors", self, Map.of("majors", List.of("120202"))).json().path("next").asText());
        assertEquals("EXAM_AREA", http.bearer("PUT", one + "/courses", self,
                Map.of("courses", courses("120202", "03708", "03709", "00015", "00054"))).json().path("next").asText());
        assertEquals("PAYMENT_METHOD", http.bearer("PUT", one + "/exam-area", self, Map.of("examArea", "6501")).json().path("next").asText());
        assertEquals("PAY", http.bearer("PUT", one + "/payment-method", self, Map.of("method", method)).json().path("next").asText());
        return new String[] {self, one};
    }

    static void assertProblem(Http.Answer a, int status, String code) {
        assertEquals(a.toString(), status, a.status());
        assertTrue(a.toString(), a.contentType().startsWith("application/problem+json"));
        assertEquals(a.toString(), code, a.json().path("code").asText());
    }

    static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(regex + " in " + text, m.find());
        return m.group(1);
    }

    /** A passport-like JPEG photo, base64. */
    static String jpeg() throws Exception {
        BufferedImage img = new BufferedImage(100, 140, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(60, 120, 220));
        g.fillRect(0, 0, 100, 140);
        g.setColor(Color.WHITE);
        g.fillOval(30, 30, 40, 50);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static List<Map<String, String>> courses(String major, String... codes) {
        List<Map<String, String>> list = new ArrayList<>();
        for (String c : codes) {
            list.add(Map.of("major", major, "course", c));
        }
        return list;
    }
}
