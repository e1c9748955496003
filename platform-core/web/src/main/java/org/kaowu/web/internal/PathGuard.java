package org.kaowu.web.internal;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;

/**
 * Refuses, before any servlet or context is chosen, a path that could mean two things: an encoded dot,
 * slash, backslash, percent or control character ({@code /regions/%2e%2e/x}, {@code /regions/a%2Fb}), a
 * {@code .} or {@code ..} segment, an empty segment, a backslash or a path parameter. The answer is
 * {@code 400 BAD_PATH} as problem+json. Jetty itself would refuse most of these with an HTML page before
 * our code runs, so conf/config.properties sets its URI compliance to LEGACY (which also lets the servlet
 * layer decode them) and this is the one place that refuses them, for every path of the server.
 */
@Component(service = Preprocessor.class)
public final class PathGuard implements Preprocessor {
    /** Encoded ".", "/", "\\", "%", ";", DEL, and the %u form of UTF-16 escapes (which LEGACY decodes). */
    private static final String[] ENCODED = {"%2e", "%2f", "%5c", "%25", "%3b", "%7f", "%u"};

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer
                && ambiguous(http.getRequestURI())) {
            ProblemAnswer.write(answer, 400, "Bad Request", "BAD_PATH",
                    "The path contains an encoded dot, slash, backslash, percent or control character, or a dot or empty segment");
            return;
        }
        chain.doFilter(request, response);
    }

    /** @param raw the path as sent, still percent-encoded */
    static boolean ambiguous(String raw) {
        if (raw == null || raw.isEmpty()) {
            return false;
        }
        String path = raw.toLowerCase(Locale.ROOT);
        for (String e : ENCODED) {
            if (path.contains(e)) {
                return true;
            }
        }
        for (int i = 0; i + 2 < path.length(); i++) {
            // %00 to %1f: control characters
            if (path.charAt(i) == '%' && (path.charAt(i + 1) == '0' || path.charAt(i + 1) == '1')) {
                return true;
            }
        }
        if (path.indexOf('\\') >= 0 || path.indexOf(';') >= 0) {
            return true;
        }
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals(".") || s.equals("..") || (s.isEmpty() && !last)) {
                return true;
            }
        }
        return false;
    }
}
