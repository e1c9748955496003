package org.kaowu.portal.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The candidates' portal, the site's default servlet ("/": whatever the API and the console do not take).
 * {@code /assets/<name>.<hash>.<ext>} are the fingerprinted static files, cached for a year; every page
 * address ({@code /}, {@code /{region}/}, {@code /{region}/login}, ...) answers the same small shell page
 * in the chosen language, and the ES modules draw the page from the REST API. The old addresses
 * {@code /portal/index.html} (now {@code /}) and {@code /portal/reset.html} (the link in reset e-mails,
 * drawn by the portal) keep working.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/")
public final class PortalServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** No inline script or style anywhere, nothing from another host, never framed. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
            + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final Pattern PAGE = Pattern.compile("/([a-z0-9][a-z0-9-]{0,39}/([a-z0-9-]{1,40}(/[a-z0-9-]{1,40})?)?)?");
    private static final Pattern NAME = Pattern.compile("\"_name\"\\s*:\\s*\"([^\"\\\\]*)\"");
    private static final Pattern RTL = Pattern.compile("\"_dir\"\\s*:\\s*\"rtl\"");

    private final transient PortalAssets assets;
    private final transient Map<String, Boolean> rightToLeft = new TreeMap<>();
    private final transient Map<String, String> ownNames = new TreeMap<>();

    @Activate
    public PortalServlet(BundleContext context) {
        this(new PortalAssets(read(context.getBundle(), "portal")));
    }

    PortalServlet(PortalAssets assets) {
        this.assets = assets;
        for (String lang : assets.languageBundles().keySet()) {
            String url = assets.languageBundles().get(lang);
            String name = url.substring(url.lastIndexOf('/') + 1);
            String text = new String(assets.asset(name).orElseThrow().bytes(), StandardCharsets.UTF_8);
            rightToLeft.put(lang, RTL.matcher(text).find());
            java.util.regex.Matcher n = NAME.matcher(text);
            ownNames.put(lang, n.find() ? n.group(1) : lang);
        }
    }

    /** Every file under {@code folder} of the bundle, by path relative to it. */
    static Map<String, byte[]> read(Bundle bundle, String folder) {
        Map<String, byte[]> files = new TreeMap<>();
        Enumeration<URL> entries = bundle.findEntries(folder, "*", true);
        while (entries != null && entries.hasMoreElements()) {
            URL url = entries.nextElement();
            String path = url.getPath();
            if (path.endsWith("/")) {
                continue;
            }
            try (InputStream in = url.openStream()) {
                files.put(path.substring(path.indexOf("/" + folder + "/") + folder.length() + 2), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /**
     * Only GET and HEAD are pages. A request for the API that reaches this default servlet came while the
     * REST runtime (re)starts: answered as the API's fallback answers it (503 problem+json, Retry-After),
     * never with an HTML error page.
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws jakarta.servlet.ServletException, IOException {
        String path = request.getRequestURI();
        if (path.equals("/api") || path.startsWith("/api/")) {
            response.setStatus(503);
            response.setHeader("Retry-After", "1");
            response.setContentType("application/problem+json");
            response.getOutputStream().write(("{\"type\":\"https://kaowu.org/problems/service-starting\",\"title\":\"Service Unavailable\",\"status\":503,"
                    + "\"code\":\"SERVICE_STARTING\",\"detail\":\"The API is starting; try again shortly\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            securityHeaders(response);
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        super.service(request, response);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        doGet(request, response);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        securityHeaders(response);
        String path = request.getRequestURI();
        if (path.startsWith("/assets/")) {
            Optional<PortalAssets.Asset> asset = assets.asset(path.substring("/assets/".length()));
            if (asset.isEmpty()) {
                notFound(response);
                return;
            }
            PortalAssets.Asset a = asset.get();
            response.setHeader("Cache-Control", "public, max-age=31536000, immutable");
            response.setHeader("ETag", a.etag());
            response.setHeader("Vary", "Accept-Encoding");
            if (a.etag().equals(request.getHeader("If-None-Match"))) {
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
            send(request, response, a.contentType(), a.bytes(), a.gzip());
            return;
        }
        if (path.equals("/portal/index.html") || path.equals("/portal/") || path.equals("/portal")) {
            response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
            response.setHeader("Location", "/");
            return;
        }
        if (!path.equals("/portal/reset.html") && !PAGE.matcher(path).matches()) {
            notFound(response);
            return;
        }
        String lang = language(request, response, assets);
        byte[] page = shell(lang).getBytes(StandardCharsets.UTF_8);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("Vary", "Accept-Language, Cookie, Accept-Encoding");
        response.setHeader("Content-Language", lang);
        send(request, response, "text/html; charset=utf-8", page, null);
    }

    /** The language of the page among those of {@code assets} ({@link LanguageChoice}); a {@code ?lang=} choice is remembered in the cookie. */
    static String language(HttpServletRequest request, HttpServletResponse response, PortalAssets assets) {
        String lang = LanguageChoice.choose(Optional.ofNullable(request.getParameter("lang")), cookie(request),
                Optional.ofNullable(request.getHeader("Accept-Language")), assets.languageBundles().keySet());
        if (request.getParameter("lang") != null && lang.equalsIgnoreCase(request.getParameter("lang").strip())) {
            Cookie remember = new Cookie(LanguageChoice.COOKIE, lang);
            remember.setPath("/");
            remember.setMaxAge(365 * 24 * 3600);
            remember.setAttribute("SameSite", "Lax");
            response.addCookie(remember);
        }
        return lang;
    }

    private static Optional<String> cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (LanguageChoice.COOKIE.equals(c.getName())) {
                    return Optional.of(c.getValue());
                }
            }
        }
        return Optional.empty();
    }

    String shell(String lang) {
        StringBuilder bundles = new StringBuilder("{");
        // {"en":{"url":"/assets/messages-en.<hash>.json","name":"English","dir":"ltr"},...}: the switcher names each language in itself
        assets.languageBundles().forEach((l, url) -> bundles.append(bundles.length() > 1 ? "," : "").append('"').append(l).append("\":{\"url\":\"")
                .append(url).append("\",\"name\":\"").append(ownNames.get(l)).append("\",\"dir\":\"")
                .append(rightToLeft.get(l) ? "rtl" : "ltr").append("\"}"));
        bundles.append('}');
        StringBuilder preload = new StringBuilder();
        for (String module : new String[] {"i18n.js", "api.js", "dom.js", "pages.js"}) {
            preload.append("<link rel=\"modulepreload\" href=\"").append(assets.url(module)).append("\">\n  ");
        }
        preload.append("<link rel=\"preload\" as=\"fetch\" crossorigin=\"anonymous\" href=\"").append(assets.languageBundles().get(lang))
                .append("\">");
        return assets.shellTemplate().replace("{{lang}}", lang).replace("{{dir}}", rightToLeft.getOrDefault(lang, false) ? "rtl" : "ltr")
                .replace("{{css}}", assets.url("portal.css")).replace("{{app}}", assets.url("app.js")).replace("{{icon}}", assets.url("icon.svg"))
                .replace("{{preload}}", preload.toString()).replace("{{bundles}}", attribute(bundles.toString()));
    }

    private static String attribute(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }

    static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        response.setHeader("Permissions-Policy", "camera=(self), microphone=(), geolocation=(), payment=()");
    }

    static void send(HttpServletRequest request, HttpServletResponse response, String type, byte[] bytes, byte[] gzip) throws IOException {
        response.setContentType(type);
        String accept = request.getHeader("Accept-Encoding");
        boolean compress = accept != null && accept.contains("gzip") && bytes.length > 512;
        byte[] body = bytes;
        if (compress) {
            body = gzip != null ? gzip : PortalAssets.gzip(bytes);
            response.setHeader("Content-Encoding", "gzip");
        }
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    static void notFound(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("text/plain; charset=utf-8");
        response.getOutputStream().write("Not found\n".getBytes(StandardCharsets.UTF_8));
    }
}
