package org.kaowu.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

/**
 * An RFC 9457 problem+json answer written straight to a servlet response, for what is answered before the
 * REST runtime (whose Problems class does the same for resources) sees a request. Texts are constants of
 * the callers, never request data, so they need no escaping.
 */
final class ProblemAnswer {
    private ProblemAnswer() {
    }

    static void write(HttpServletResponse response, int status, String title, String code, String detail) throws IOException {
        write(response, status, title, code, detail, "");
    }

    /** @param members more members of the object, JSON starting with a comma (built by the caller from numbers and its own values) */
    static void write(HttpServletResponse response, int status, String title, String code, String detail, String members) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        String body = "{\"type\":\"https://kaowu.org/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-') + "\",\"title\":\""
                + title + "\",\"status\":" + status + ",\"code\":\"" + code + "\",\"detail\":\"" + detail + "\"" + members + "}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
