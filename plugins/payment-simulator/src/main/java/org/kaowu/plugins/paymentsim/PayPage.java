package org.kaowu.plugins.paymentsim;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.kaowu.spi.PaymentGateway.OrderState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The simulated gateway's own pages, as a real provider's cashier: {@code GET /payment-simulator/pay/{id}}
 * shows the order (amount, description, expiry) with a form of two buttons, "pay" and "fail", that posts
 * {@code action=pay|fail} back to the same address; tests and the portal use it alike. {@code GET
 * /payment-simulator/orders/{merchantOrderId}} answers the order's state as JSON (the provider's query API).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(PayPage.PREFIX + "/*")
public final class PayPage extends HttpServlet {
    static final String PREFIX = "/payment-simulator";
    private static final long serialVersionUID = 1L;

    private final transient PaymentSimulator simulator;

    @Activate
    public PayPage(@Reference PaymentSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = Optional.ofNullable(request.getPathInfo()).orElse("");
        if (path.startsWith("/orders/")) {
            Optional<SimOrder> o = simulator.byMerchantId(path.substring("/orders/".length()));
            if (o.isEmpty()) {
                response.sendError(404);
                return;
            }
            response.setContentType("application/json;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            SimOrder order = o.get();
            response.getWriter().write("{\"merchantOrderId\":\"" + order.merchantOrderId() + "\",\"gatewayOrderId\":\"" + order.gatewayOrderId()
                    + "\",\"state\":\"" + order.stateAt(simulator.clock().instant()) + "\",\"amount\":\"" + order.amount().toPlainString()
                    + "\",\"currency\":\"" + order.currency() + "\"}");
            return;
        }
        Optional<SimOrder> o = order(path);
        if (o.isEmpty()) {
            response.sendError(404);
            return;
        }
        page(response, 200, o.get(), null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<SimOrder> o = order(Optional.ofNullable(request.getPathInfo()).orElse(""));
        if (o.isEmpty()) {
            response.sendError(404);
            return;
        }
        String action = String.valueOf(request.getParameter("action"));
        OrderState to = switch (action) {
            case "pay" -> OrderState.PAID;
            case "fail" -> OrderState.CLOSED;
            default -> null;
        };
        if (to == null) {
            page(response, 400, o.get(), "Unknown action.");
            return;
        }
        Optional<SimOrder> finished = simulator.finish(o.get().gatewayOrderId(), to);
        if (finished.isPresent()) {
            page(response, 200, finished.get(), to == OrderState.PAID ? "Paid." : "Payment failed.");
        } else {
            SimOrder now = simulator.byGatewayId(o.get().gatewayOrderId()).orElseThrow();
            page(response, 409, now, now.state() == OrderState.PENDING ? "This order has lapsed." : "This order is already " + now.state() + ".");
        }
    }

    private Optional<SimOrder> order(String path) {
        return path.startsWith("/pay/") ? simulator.byGatewayId(path.substring("/pay/".length())) : Optional.empty();
    }

    private void page(HttpServletResponse response, int status, SimOrder o, String message) throws IOException {
        Instant now = simulator.clock().instant();
        OrderState state = o.stateAt(now);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>模拟支付 Payment simulator</title>"
                + "<style>body{font-family:sans-serif;max-width:32em;margin:2em auto}</style></head><body>"
                + "<h1>模拟支付 Payment simulator</h1><p>This is a simulated gateway for development and tests: no money moves.</p><dl>");
        b.append("<dt>Order</dt><dd id=\"order\">").append(esc(o.gatewayOrderId())).append("</dd>");
        b.append("<dt>Merchant order</dt><dd id=\"merchant-order\">").append(esc(o.merchantOrderId())).append("</dd>");
        b.append("<dt>Description</dt><dd id=\"description\">").append(esc(o.description())).append("</dd>");
        b.append("<dt>Amount</dt><dd id=\"amount\">").append(esc(o.amount().toPlainString())).append(' ').append(esc(o.currency())).append("</dd>");
        b.append("<dt>Pay before</dt><dd id=\"expires\">").append(esc(o.expiresAt().toString())).append("</dd>");
        b.append("<dt>State</dt><dd id=\"state\">").append(state).append("</dd></dl>");
        if (message != null) {
            b.append("<p id=\"message\">").append(esc(message)).append("</p>");
        }
        if (state == OrderState.PENDING) {
            b.append("<form method=\"post\"><button type=\"submit\" name=\"action\" value=\"pay\" id=\"pay\">支付 Pay</button> ")
                    .append("<button type=\"submit\" name=\"action\" value=\"fail\" id=\"fail\">失败 Fail</button></form>");
        } else {
            b.append("<p><a id=\"return\" href=\"").append(esc(o.returnUrl().toString())).append("\">返回 Back to the merchant</a></p>");
        }
        response.getWriter().write(b.append("</body></html>").toString());
    }

    private static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
