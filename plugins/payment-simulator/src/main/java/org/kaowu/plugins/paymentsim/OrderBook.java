package org.kaowu.plugins.paymentsim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.kaowu.spi.PaymentGateway.OrderState;

/**
 * The simulated gateway's orders, kept in an append-only journal ({@code orders.journal}, one event a
 * line, forced to disk before a call returns) and replayed at start, so orders, payments and pending
 * callbacks survive a restart like at a real provider. A torn last line (a crash while writing) is ignored.
 */
final class OrderBook implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FileChannel journal;
    private final Map<String, SimOrder> byGatewayId = new LinkedHashMap<>();
    private final Map<String, String> gatewayIdByMerchant = new LinkedHashMap<>();

    OrderBook(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                replay(line);
            }
        }
        journal = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Opens an order, or answers the one already open for this merchant order id. */
    synchronized SimOrder create(String merchantOrderId, BigDecimal amount, String currency, Instant expiresAt, String description,
            URI returnUrl, URI callbackUrl, Instant now) {
        String existing = gatewayIdByMerchant.get(merchantOrderId);
        if (existing != null) {
            SimOrder o = byGatewayId.get(existing);
            if (o.amount().compareTo(amount) != 0 || !o.currency().equals(currency)) {
                throw new IllegalArgumentException("merchant order " + merchantOrderId + " exists with another amount");
            }
            return o;
        }
        String id = "SIM" + now.toString().substring(0, 10).replace("-", "") + String.format(Locale.ROOT, "%012d", RANDOM.nextLong(1_000_000_000_000L));
        String notifyId = "N" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
        SimOrder o = new SimOrder(id, merchantOrderId, amount, currency, expiresAt, description, returnUrl, callbackUrl, now, OrderState.PENDING,
                Optional.empty(), notifyId, false, false);
        append(String.join("\t", "CREATE", id, merchantOrderId, amount.toPlainString(), currency, expiresAt.toString(), b64(description),
                returnUrl.toString(), callbackUrl.toString(), now.toString(), notifyId));
        put(o);
        return o;
    }

    synchronized Optional<SimOrder> byGatewayId(String gatewayOrderId) {
        return Optional.ofNullable(byGatewayId.get(gatewayOrderId));
    }

    synchronized Optional<SimOrder> byMerchantId(String merchantOrderId) {
        return Optional.ofNullable(gatewayIdByMerchant.get(merchantOrderId)).map(byGatewayId::get);
    }

    /**
     * Moves a pending, unexpired order to PAID or CLOSED and answers it; empty when there is no such
     * order or it is no longer pending (finished before, or lapsed).
     */
    synchronized Optional<SimOrder> finish(String gatewayOrderId, OrderState to, Instant now) {
        SimOrder o = byGatewayId.get(gatewayOrderId);
        if (o == null || o.stateAt(now) != OrderState.PENDING) {
            return Optional.empty();
        }
        append(String.join("\t", to.name(), gatewayOrderId, now.toString()));
        SimOrder done = o.finished(to, now);
        put(done);
        return Optional.of(done);
    }

    synchronized void acknowledge(String gatewayOrderId) {
        SimOrder o = byGatewayId.get(gatewayOrderId);
        if (o != null && !o.acknowledged()) {
            append("ACK\t" + gatewayOrderId);
            put(o.withAcknowledged());
        }
    }

    synchronized void drop(String gatewayOrderId) {
        SimOrder o = byGatewayId.get(gatewayOrderId);
        if (o != null && !o.dropped()) {
            append("DROP\t" + gatewayOrderId);
            put(o.withDropped());
        }
    }

    /** Finished orders whose callback was neither acknowledged nor dropped: to be delivered (again) after a restart. */
    synchronized List<SimOrder> undelivered() {
        List<SimOrder> out = new ArrayList<>();
        for (SimOrder o : byGatewayId.values()) {
            if (o.state() != OrderState.PENDING && !o.acknowledged() && !o.dropped()) {
                out.add(o);
            }
        }
        return out;
    }

    private void put(SimOrder o) {
        byGatewayId.put(o.gatewayOrderId(), o);
        gatewayIdByMerchant.put(o.merchantOrderId(), o.gatewayOrderId());
    }

    private void replay(String line) {
        String[] f = line.split("\t", -1);
        try {
            switch (f[0]) {
                case "CREATE" -> put(new SimOrder(f[1], f[2], new BigDecimal(f[3]), f[4], Instant.parse(f[5]), unb64(f[6]), URI.create(f[7]),
                        URI.create(f[8]), Instant.parse(f[9]), OrderState.PENDING, Optional.empty(), f[10], false, false));
                case "PAID", "CLOSED" -> put(byGatewayId.get(f[1]).finished(OrderState.valueOf(f[0]), Instant.parse(f[2])));
                case "ACK" -> put(byGatewayId.get(f[1]).withAcknowledged());
                case "DROP" -> put(byGatewayId.get(f[1]).withDropped());
                default -> {
                    // unknown or torn line: ignored
                }
            }
        } catch (RuntimeException e) {
            // a torn last line: the event never completed
        }
    }

    private void append(String line) {
        try {
            ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                journal.write(b);
            }
            journal.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("payment simulator journal not written", e);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() throws IOException {
        journal.close();
    }
}
