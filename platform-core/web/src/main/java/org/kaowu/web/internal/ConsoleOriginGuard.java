package org.kaowu.web.internal;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-site request forgery guard of the web console. The console logs in with HTTP Basic, which a
 * browser sends with every request to the host, a form posted by another site included; the Felix Web
 * Console itself checks nothing. So every state-changing request (anything but GET, HEAD, OPTIONS) to
 * {@code /system/console} whose {@code Origin} (or, without one, {@code Referer}) names another origin than
 * the one it was sent to is refused with 403 before the console sees it. Browsers send {@code Origin} with
 * every cross-site POST; a client that sends neither (curl, scripts) is not a browser riding on a
 * login. Kaowu's own console pages also require a per-form token.
 */
@Component(service = Preprocessor.class)
public final class ConsoleOriginGuard implements Preprocessor {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleOriginGuard.class);
    static final String CONSOLE = "/system/console";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer && refused(http)) {
            LOG.warn("Cross-site {} to {} refused (Origin {}, Referer {}) from {}", http.getMethod(), http.getRequestURI(),
                    http.getHeader("Origin"), http.getHeader("Referer"), http.getRemoteAddr());
            answer.sendError(HttpServletResponse.SC_FORBIDDEN, "Cross-site request refused");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean refused(HttpServletRequest r) {
        String path = r.getRequestURI();
        if (path == null || !(path.equals(CONSOLE) || path.startsWith(CONSOLE + "/")) || SAFE.contains(r.getMethod().toUpperCase(Locale.ROOT))) {
            return false;
        }
        String origin = r.getHeader("Origin");
        String source = origin != null ? origin : r.getHeader("Referer");
        if (source == null) {
            return false;
        }
        return !sameOrigin(source, r.getScheme(), r.getHeader("Host"));
    }

    /**
     * Whether {@code source} (an origin or a URL) names the host and port the request was sent to; "null" (an
     * opaque origin) never does. The scheme is not compared: behind a proxy that ends TLS the browser's origin
     * is https while the request reaches Jetty as http, and one host and port serves only one scheme anyway.
     */
    static boolean sameOrigin(String source, String scheme, String host) {
        if (host == null || source.equals("null")) {
            return false;
        }
        try {
            URI u = URI.create(source.strip());
            String authority = u.getRawAuthority();
            return u.getScheme() != null && (u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))
                    && authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
