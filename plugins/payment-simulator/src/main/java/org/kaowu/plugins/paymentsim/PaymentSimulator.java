package org.kaowu.plugins.paymentsim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.kaowu.spi.PaymentGateway.OrderState;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated payment provider itself (its "servers"): the order book, the signing key, and the
 * delivery of signed callbacks, late, twice, out of order or never as configured (PID
 * {@value #PID}), retried with doubling delays while the platform does not answer 2xx. The platform side
 * ({@link SimulatedGateway}) and the pay page ({@link PayPage}) use it; nothing outside this bundle does.
 * Its time follows the platform's clock service, so a rehearsal on a moved clock has orders that lapse on
 * that clock.
 */
@Component(service = PaymentSimulator.class, configurationPid = PaymentSimulator.PID)
@Designate(ocd = PaymentSimulator.Config.class)
public final class PaymentSimulator {
    static final String PID = "org.kaowu.plugins.paymentsim";
    static final String NAME = "simulator";
    private static final Logger LOG = LoggerFactory.getLogger(PaymentSimulator.class);

    @ObjectClassDefinition(name = "Kaowu payment gateway simulator")
    public @interface Config {
        @AttributeDefinition(name = "Platform URL", description = "Base of the pay page's address; empty: http://127.0.0.1:<the HTTP port>")
        String platformUrl() default "";

        @AttributeDefinition(name = "Private key file", description = "PEM (PKCS#8) the simulated gateway signs callbacks with; empty: <data>/payment-simulator/gateway-private.pem, generated when absent")
        String privateKeyFile() default "";

        @AttributeDefinition(name = "Public key file", description = "PEM of the gateway's public key that the platform's verifier trusts; empty: the public half beside the private key")
        String publicKeyFile() default "";

        @AttributeDefinition(name = "Callback delay (ms)", description = "Least delay between payment and callback")
        long callbackDelayMillis() default 200;

        @AttributeDefinition(name = "Callback delay spread (ms)", description = "Up to this much more, at random")
        long callbackDelaySpreadMillis() default 800;

        @AttributeDefinition(name = "Duplicate probability", description = "Chance that a callback is delivered twice")
        double duplicateProbability() default 0.1;

        @AttributeDefinition(name = "Duplicate gap (ms)")
        long duplicateGapMillis() default 500;

        @AttributeDefinition(name = "Out-of-order probability", description = "Chance that a callback is held back so later ones overtake it")
        double outOfOrderProbability() default 0.1;

        @AttributeDefinition(name = "Out-of-order delay (ms)")
        long outOfOrderDelayMillis() default 3000;

        @AttributeDefinition(name = "Never-delivered probability", description = "Chance that a callback is never sent (reconciliation must find the payment)")
        double dropProbability() default 0.02;

        @AttributeDefinition(name = "Retry delay (ms)", description = "First retry after a failed delivery; doubles per attempt")
        long retryDelayMillis() default 1000;

        @AttributeDefinition(name = "Delivery attempts", description = "Attempts per delivery before giving up until the next start")
        int maxAttempts() default 8;

        @AttributeDefinition(name = "Random seed", description = "0: random; any other value: the same misbehaviour in every run")
        long seed() default 0;
    }

    private final Config config;
    private final Clock clock;
    private final OrderBook orders;
    private final KeyPair keys;
    private final PublicKey verifierKey;
    private final String platformUrl;
    private final DeliveryPlan.Behaviour behaviour;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService deliveries = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "payment-simulator-callbacks");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public PaymentSimulator(BundleContext context, Config config, @Reference Clock clock)
            throws IOException, GeneralSecurityException {
        this.config = config;
        this.clock = clock;
        Path data = Path.of(Optional.ofNullable(context.getProperty("kaowu.data")).orElse("data"), "payment-simulator");
        // relative key paths (e.g. conf/gateway-private.pem) are taken from the installation's folder
        Path home = Path.of(Optional.ofNullable(context.getProperty("kaowu.home")).orElse(""));
        Path privateFile = config.privateKeyFile().isBlank() ? data.resolve("gateway-private.pem") : home.resolve(config.privateKeyFile());
        Path publicFile = privateFile.resolveSibling("gateway-public.pem");
        this.keys = Keys.loadOrGenerate(privateFile, publicFile);
        this.verifierKey = config.publicKeyFile().isBlank() ? keys.getPublic() : Keys.readPublic(home.resolve(config.publicKeyFile()));
        String port = Optional.ofNullable(context.getProperty("org.osgi.service.http.port")).orElse("8080");
        this.platformUrl = (config.platformUrl().isBlank() ? "http://127.0.0.1:" + port : config.platformUrl()).replaceAll("/+$", "");
        this.behaviour = new DeliveryPlan.Behaviour(config.callbackDelayMillis(), config.callbackDelaySpreadMillis(), config.duplicateProbability(),
                config.duplicateGapMillis(), config.outOfOrderProbability(), config.outOfOrderDelayMillis(), config.dropProbability());
        this.random = config.seed() == 0 ? new Random() : new Random(config.seed());
        this.orders = new OrderBook(data.resolve("orders.journal"));
        for (SimOrder o : orders.undelivered()) {
            // a real provider keeps retrying undelivered notifications across its own restarts
            schedule(o, config.callbackDelayMillis(), 1);
        }
        LOG.info("Payment gateway simulator ready: pay pages under {}{}, keys in {}, {} undelivered callbacks resumed",
                platformUrl, PayPage.PREFIX, privateFile.toAbsolutePath().getParent(), orders.undelivered().size());
    }

    @Deactivate
    void deactivate() throws IOException {
        deliveries.shutdownNow();
        orders.close();
    }

    Clock clock() {
        return clock;
    }

    PublicKey verifierKey() {
        return verifierKey;
    }

    SimOrder create(String merchantOrderId, BigDecimal amount, String currency, Instant expiresAt, String description, URI returnUrl,
            URI callbackUrl) {
        return orders.create(merchantOrderId, amount, currency, expiresAt, description, returnUrl, callbackUrl, clock.instant());
    }

    URI payUrl(SimOrder o) {
        return URI.create(platformUrl + PayPage.PREFIX + "/pay/" + o.gatewayOrderId());
    }

    Optional<SimOrder> byGatewayId(String id) {
        return orders.byGatewayId(id);
    }

    Optional<SimOrder> byMerchantId(String id) {
        return orders.byMerchantId(id);
    }

    /**
     * The payer pressed "pay" or "fail" on the pay page: a pending order is finished and its callback
     * planned; empty when the order was not pending (paid or failed before, or lapsed).
     */
    Optional<SimOrder> finish(String gatewayOrderId, OrderState to) {
        Optional<SimOrder> after = orders.finish(gatewayOrderId, to, clock.instant());
        if (after.isPresent()) {
            DeliveryPlan plan;
            synchronized (random) {
                plan = DeliveryPlan.draw(random, behaviour);
            }
            LOG.info("Simulated gateway order {} {}: callback deliveries after {} ms", gatewayOrderId, to, plan.delaysMillis());
            if (plan.delaysMillis().isEmpty()) {
                orders.drop(gatewayOrderId);
            }
            for (long delay : plan.delaysMillis()) {
                schedule(after.get(), delay, 1);
            }
        }
        return after;
    }

    /** The signed callback of a finished order: its body and signature. */
    record SignedCallback(String body, String signature) {
    }

    SignedCallback callback(SimOrder o) {
        String body = callbackBody(o, clock.instant());
        return new SignedCallback(body, Keys.sign(keys.getPrivate(), body.getBytes(StandardCharsets.UTF_8)));
    }

    /** The callback body of a finished order, as sent at {@code now}. */
    static String callbackBody(SimOrder o, Instant now) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("notify_id", o.notifyId());
        f.put("merchant_order_id", o.merchantOrderId());
        f.put("gateway_order_id", o.gatewayOrderId());
        f.put("state", o.state().name());
        f.put("amount", o.amount().toPlainString());
        f.put("currency", o.currency());
        if (o.state() == OrderState.PAID) {
            f.put("paid_amount", o.amount().toPlainString());
            f.put("paid_at", o.finishedAt().orElseThrow().toString());
        }
        f.put("notify_time", now.toString());
        return NotificationBody.encode(f);
    }

    private void schedule(SimOrder o, long delayMillis, int attempt) {
        try {
            deliveries.schedule(() -> deliver(o.gatewayOrderId(), attempt), delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: delivered after the next start
        }
    }

    private void deliver(String gatewayOrderId, int attempt) {
        SimOrder o = orders.byGatewayId(gatewayOrderId).orElseThrow();
        SignedCallback cb = callback(o);
        int status;
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(o.callbackUrl()).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", NotificationBody.MEDIA_TYPE).header(NotificationBody.SIGNATURE_HEADER, cb.signature())
                    .POST(HttpRequest.BodyPublishers.ofString(cb.body(), StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
            status = r.statusCode();
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            status = -2;
            LOG.warn("Simulated callback of order {} not sent", gatewayOrderId, e);
        }
        if (status >= 200 && status < 300) {
            orders.acknowledge(gatewayOrderId);
            LOG.info("Simulated callback of order {} delivered (attempt {})", gatewayOrderId, attempt);
        } else if (attempt < config.maxAttempts()) {
            long delay = DeliveryPlan.retryDelay(config.retryDelayMillis(), attempt);
            LOG.info("Simulated callback of order {} failed ({}), retry {} in {} ms", gatewayOrderId, status, attempt, delay);
            schedule(o, delay, attempt + 1);
        } else {
            LOG.warn("Simulated callback of order {} given up after {} attempts (status {}); retried after the next start", gatewayOrderId,
                    attempt, status);
        }
    }

    static UncheckedIOException unreachable(String what) {
        return new UncheckedIOException(new IOException(what));
    }
}
