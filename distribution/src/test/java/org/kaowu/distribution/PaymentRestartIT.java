package org.kaowu.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The distribution killed hard (SIGKILL of the JVM that bin/kaowu started: no shutdown hook, no clean Derby
 * shutdown) after the payer paid on the gateway's page and before the gateway's callback arrived. After
 * bin/kaowu start again the gateway (the simulator, whose journal survived) delivers the callback, twice: the
 * order and the enrollment are settled exactly once, one notification record counts both deliveries, one
 * PAYMENT_SETTLED audit entry, read from the database after a clean stop.
 */
class PaymentRestartIT {
    private static final String ADMIN_PASSWORD = "Admin-Secret-2026";
    private static final String PASSWORD = "Exam-Season-2026";
    /** 21 Feb 2019 12:00 in China: inside the April 2019 window, outside the lock. */
    private static final String INSIDE = "2019-02-21T04:00:00Z";

    @TempDir
    Path work;

    private Path home;
    private int port;
    private Http http;

    @BeforeEach
    void copyDistribution() throws IOException {
        home = work.resolve("kaowu");
        Path dist = KaowuPlatform.distribution();
        for (String part : new String[] {"bin", "conf", "bundle", "deploy", "data/cds"}) {
            if (Files.exists(dist.resolve(part))) {
                KaowuPlatform.copyTree(dist.resolve(part), home.resolve(part));
            }
        }
        conf("org.kaowu.staff.cfg", "adminUsername=platform-admin\nadminPassword=" + ADMIN_PASSWORD + "\n");
        conf("org.kaowu.limits.cfg", KaowuPlatform.UNLIMITED);
        conf("org.kaowu.clock.cfg", "movedTo=" + INSIDE + "\n");
        port = KaowuPlatform.freePort();
        http = new Http(port);
    }

    @AfterEach
    void stopIfRunning() throws Exception {
        kaowu("stop");
    }

    private void conf(String name, String text) throws IOException {
        Files.writeString(home.resolve("conf").resolve(name), text, StandardCharsets.UTF_8);
    }

    private String kaowu(String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/kaowu").toString(), command).redirectErrorStream(true);
        pb.environment().put("KAOWU_OPTS", "-Dorg.osgi.service.http.port=" + port);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("bin/kaowu " + command + " finished").isTrue();
        assertThat(p.exitValue()).as("bin/kaowu " + command + ": " + out).isZero();
        return out;
    }

    /**
     * Health UP, Xinjiang served, its calendar on the moved clock and the platform administrator made: FileInstall
     * hands conf/ to Config Admin while the bundles start, so health may be UP before the configuration applied.
     */
    private void awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        java.time.Instant inside = java.time.Instant.parse(INSIDE);
        while (System.nanoTime() < deadline) {
            if (http.get("/api/v1/health").status() == 200) {
                Http.Answer xj = http.get("/api/v1/regions/xinjiang");
                if (xj.status() == 200) {
                    java.time.Instant at = java.time.OffsetDateTime.parse(xj.json().path("calendar").path("now").path("at").asText()).toInstant();
                    if (!at.isBefore(inside) && at.isBefore(inside.plus(java.time.Duration.ofHours(1)))
                            && Files.readString(home.resolve("logs/kaowu.log")).contains("Created the platform administrator platform-admin")) {
                        return;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("kaowu did not become ready; console log:\n" + Files.readString(home.resolve("logs/console.log")));
    }

    private void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void killedBetweenPaymentAndCallbackTheOrderIsSettledExactlyOnceAfterTheRestart() throws Exception {
        // callbacks held back for ten minutes: the platform dies before one arrives
        conf("org.kaowu.plugins.paymentsim.cfg", "callbackDelayMillis=600000\ncallbackDelaySpreadMillis=0\nduplicateProbability=0\n"
                + "outOfOrderProbability=0\ndropProbability=0\nseed=21\nretryDelayMillis=200\n");
        kaowu("start");
        awaitHealthy();
        XinjiangCandidates candidates = new XinjiangCandidates(http, home, ADMIN_PASSWORD, PASSWORD);
        String[] ready = candidates.readyToPay("热依拉");
        String self = ready[0];
        String one = ready[1];
        String enrollment = one.substring(one.lastIndexOf('/') + 1);
        JsonNode order = http.bearer("POST", one + "/payments", self, Map.of()).json();
        String paymentId = order.path("paymentId").asText();
        Http.Answer paid = http.post(order.path("payUrl").asText(), "application/x-www-form-urlencoded", "action=pay");
        assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
        assertThat(http.get("/payment-simulator/orders/" + paymentId).json().path("state").asText()).isEqualTo("PAID");
        assertThat(http.bearer("GET", one, self, null).json().path("status").asText()).isEqualTo("AWAITING_PAYMENT");

        // killed hard: no shutdown of the framework, of Derby or of the simulator's scheduler
        long pid = Long.parseLong(Files.readString(home.resolve("data/kaowu.pid")).strip());
        ProcessHandle jvm = ProcessHandle.of(pid).orElseThrow();
        assertThat(jvm.info().command().orElse("")).endsWith("java");
        jvm.destroyForcibly();
        jvm.onExit().get(30, TimeUnit.SECONDS);
        assertThat(http.get("/api/v1/health").status()).isEqualTo(-1);

        // started again: the gateway redelivers what it never got acknowledged, now promptly and twice
        conf("org.kaowu.plugins.paymentsim.cfg", "callbackDelayMillis=300\ncallbackDelaySpreadMillis=0\nduplicateProbability=1\n"
                + "duplicateGapMillis=300\noutOfOrderProbability=0\ndropProbability=0\nseed=22\nretryDelayMillis=200\n");
        kaowu("start");
        awaitHealthy();
        await("the enrollment paid after the restart", () -> http.bearer("GET", one, self, null).json().path("status").asText().equals("PAID"));
        // the gateway's genuine callback delivered once more (signed with its key): accepted, counted, nothing settled again
        String payUrl = order.path("payUrl").asText();
        String gatewayOrderId = payUrl.substring(payUrl.lastIndexOf('/') + 1);
        String body = "notify_id=N-" + gatewayOrderId + "&merchant_order_id=" + paymentId + "&gateway_order_id=" + gatewayOrderId
                + "&state=PAID&amount=120.00&currency=CNY&paid_amount=120.00&paid_at=" + java.time.Instant.now() + "&notify_time="
                + java.time.Instant.now();
        java.net.http.HttpResponse<String> again = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/payment-callbacks/simulator"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8").header("X-Simulator-Signature", sign(body))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(http.bearer("GET", one, self, null).json().path("status").asText()).isEqualTo("PAID");
        assertThat(http.bearer("POST", one + "/payments", self, Map.of()).json().path("paymentId").asText()).isEqualTo(paymentId);
        kaowu("stop");

        try (Connection db = DriverManager.getConnection("jdbc:derby:" + home.resolve("data/derby/kaowu").toAbsolutePath())) {
            assertThat(rows(db, "SELECT COUNT(*) FROM payment_order WHERE enrollment_id = ?", enrollment)).isEqualTo(1);
            assertThat(text(db, "SELECT status FROM payment_order WHERE enrollment_id = ?", enrollment)).isEqualTo("PAID");
            assertThat(text(db, "SELECT status FROM enrollment WHERE id = ?", enrollment)).isEqualTo("PAID");
            assertThat(rows(db, "SELECT COUNT(*) FROM payment_notification WHERE merchant_order_id = ?", paymentId))
                    .as("one notification record").isEqualTo(1);
            assertThat(rows(db, "SELECT deliveries FROM payment_notification WHERE merchant_order_id = ?", paymentId))
                    .as("the redelivered callback counted, not recorded again").isEqualTo(2);
            assertThat(rows(db, "SELECT COUNT(*) FROM audit_event WHERE action = 'PAYMENT_SETTLED' AND subject = ?", enrollment))
                    .as("settled exactly once").isEqualTo(1);
            assertThat(rows(db, "SELECT COUNT(*) FROM audit_event WHERE action = 'ENROLLMENT_LOCK_FOR_PAYMENT' AND subject = ?", enrollment))
                    .isEqualTo(1);
        } finally {
            try {
                DriverManager.getConnection("jdbc:derby:" + home.resolve("data/derby/kaowu").toAbsolutePath() + ";shutdown=true").close();
            } catch (SQLException expected) {
                // 08006: the database was shut down
            }
        }
    }

    /** Signs as the gateway does, with its private key (data/payment-simulator/gateway-private.pem). */
    private String sign(String body) throws Exception {
        String pem = Files.readString(home.resolve("data/payment-simulator/gateway-private.pem"));
        String base64 = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        java.security.PrivateKey key = java.security.KeyFactory.getInstance("RSA")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(base64)));
        java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(body.getBytes(StandardCharsets.UTF_8));
        return java.util.Base64.getEncoder().encodeToString(s.sign());
    }

    private static long rows(Connection db, String sql, String parameter) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).as(sql).isTrue();
                return r.getLong(1);
            }
        }
    }

    private static String text(Connection db, String sql, String parameter) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).as(sql).isTrue();
                return r.getString(1).strip();
            }
        }
    }
}
