package org.kaowu.plugins.paymentsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kaowu.spi.PaymentGateway.OrderState;

/** The simulator's orders survive a restart; an order is opened once per merchant order id, finished once, and lapses. */
class OrderBookTest {
    private static final Instant T0 = Instant.parse("2026-02-20T05:00:00Z");
    private static final URI R = URI.create("http://127.0.0.1/return");
    private static final URI CB = URI.create("http://127.0.0.1/api/v1/payment-callbacks/simulator");

    @TempDir
    Path dir;

    @Test
    void ordersPaymentsAndAcknowledgementsSurviveARestart() throws Exception {
        Path file = dir.resolve("orders.journal");
        String paidId;
        String closedId;
        String pendingId;
        try (OrderBook book = new OrderBook(file)) {
            SimOrder a = book.create("M-1", new BigDecimal("86.00"), "CNY", T0.plusSeconds(900), "报考\t缴费\n", R, CB, T0);
            assertThat(book.create("M-1", new BigDecimal("86.00"), "CNY", T0.plusSeconds(900), "again", R, CB, T0)).isEqualTo(a);
            assertThatThrownBy(() -> book.create("M-1", new BigDecimal("1.00"), "CNY", T0.plusSeconds(900), "other", R, CB, T0))
                    .isInstanceOf(IllegalArgumentException.class);
            paidId = a.gatewayOrderId();
            assertThat(book.finish(paidId, OrderState.PAID, T0.plusSeconds(10))).get().extracting(SimOrder::state).isEqualTo(OrderState.PAID);
            assertThat(book.finish(paidId, OrderState.CLOSED, T0.plusSeconds(11))).isEmpty();
            closedId = book.create("M-2", new BigDecimal("30.00"), "CNY", T0.plusSeconds(900), "x", R, CB, T0).gatewayOrderId();
            book.finish(closedId, OrderState.CLOSED, T0.plusSeconds(12));
            book.acknowledge(closedId);
            pendingId = book.create("M-3", new BigDecimal("30.00"), "CNY", T0.plusSeconds(60), "x", R, CB, T0).gatewayOrderId();
        }
        // a crash while writing leaves a torn line: it is ignored
        Files.writeString(file, "PAID\t" + pendingId, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (OrderBook book = new OrderBook(file)) {
            SimOrder paid = book.byMerchantId("M-1").orElseThrow();
            assertThat(paid.gatewayOrderId()).isEqualTo(paidId);
            assertThat(paid.state()).isEqualTo(OrderState.PAID);
            assertThat(paid.finishedAt()).contains(T0.plusSeconds(10));
            assertThat(paid.description()).isEqualTo("报考\t缴费\n");
            assertThat(book.byGatewayId(closedId).orElseThrow().acknowledged()).isTrue();
            assertThat(book.undelivered()).extracting(SimOrder::gatewayOrderId).containsExactly(paidId);
            SimOrder pending = book.byGatewayId(pendingId).orElseThrow();
            assertThat(pending.state()).isEqualTo(OrderState.PENDING);
            // lapsed: closed when asked, and can no longer be paid
            assertThat(pending.stateAt(T0.plusSeconds(60))).isEqualTo(OrderState.CLOSED);
            assertThat(book.finish(pendingId, OrderState.PAID, T0.plusSeconds(61))).isEmpty();
            assertThat(book.finish(pendingId, OrderState.PAID, T0.plusSeconds(59))).isPresent();
        }
    }
}
