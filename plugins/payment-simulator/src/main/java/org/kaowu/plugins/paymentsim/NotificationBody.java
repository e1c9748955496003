package org.kaowu.plugins.paymentsim;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated gateway's callback body: {@code application/x-www-form-urlencoded} parameters, as
 * several real gateways send them (notify_id, merchant_order_id, gateway_order_id, state, amount,
 * currency, paid_amount, paid_at, notify_time). The signature is over the body's bytes exactly.
 */
final class NotificationBody {
    static final String SIGNATURE_HEADER = "X-Simulator-Signature";
    static final String MEDIA_TYPE = "application/x-www-form-urlencoded; charset=UTF-8";

    private NotificationBody() {
    }

    static String encode(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return b.toString();
    }

    /** The fields, or empty when the body is not well-formed form data (or repeats a field). */
    static Optional<Map<String, String>> decode(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body.isBlank()) {
            return Optional.empty();
        }
        try {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    return Optional.empty();
                }
                String k = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                if (fields.put(k, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)) != null) {
                    return Optional.empty();
                }
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(fields);
    }
}
