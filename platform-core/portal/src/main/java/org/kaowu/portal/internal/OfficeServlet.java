package org.kaowu.portal.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The office desk (工作台) at {@code /office/}: the pages of office staff and administrators, drawn by ES
 * modules from the REST API like the candidate portal, with the portal's rules (fingerprinted assets under
 * {@code /office/assets/}, the same security headers and languages). The desk's own files are in the
 * bundle's {@code office/} folder; the portal's {@code api.js}, {@code dom.js}, {@code i18n.js},
 * {@code portal.css} and {@code icon.svg} are published with them, so both speak to the API the same way.
 * Every page address answers the same shell; what a page shows comes from the API with the staff member's
 * token, which refuses anonymous and out-of-scope requests (the page then shows the refusal).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/office/*")
public final class OfficeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String BASE = "/office/assets/";
    /** The portal's files the desk shares. */
    static final List<String> SHARED = List.of("api.js", "dom.js", "i18n.js", "portal.css", "icon.svg");
    private static final Pattern PAGE = Pattern.compile("/office/([a-z0-9][a-z0-9-]{0,39}/([a-z0-9-]{1,40}(/[a-z0-9-]{1,40})?)?)?");

    private final transient PortalAssets assets;
    private final transient PortalServlet shell;

    @Activate
    public OfficeServlet(BundleContext context) {
        this(new PortalAssets(sources(context.getBundle()), BASE));
    }

    OfficeServlet(PortalAssets assets) {
        this.assets = assets;
        // the portal's shell-making over the desk's assets: the same placeholders, the desk's shell.html
        this.shell = new PortalServlet(assets);
    }

    static Map<String, byte[]> sources(Bundle bundle) {
        return sources(PortalServlet.read(bundle, "portal"), PortalServlet.read(bundle, "office"));
    }

    static Map<String, byte[]> sources(Map<String, byte[]> portal, Map<String, byte[]> office) {
        Map<String, byte[]> files = new TreeMap<>();
        for (String shared : SHARED) {
            byte[] bytes = portal.get(shared);
            if (bytes == null) {
                throw new IllegalStateException("portal/" + shared + " missing");
            }
            files.put(shared, bytes);
        }
        files.putAll(office);
        return files;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            PortalServlet.securityHeaders(response);
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
        PortalServlet.securityHeaders(response);
        String path = request.getRequestURI();
        if (path.equals("/office")) {
            response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
            response.setHeader("Location", "/office/");
            return;
        }
        if (path.startsWith(BASE)) {
            Optional<PortalAssets.Asset> asset = assets.asset(path.substring(BASE.length()));
            if (asset.isEmpty()) {
                PortalServlet.notFound(response);
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
            PortalServlet.send(request, response, a.contentType(), a.bytes(), a.gzip());
            return;
        }
        if (!PAGE.matcher(path).matches()) {
            PortalServlet.notFound(response);
            return;
        }
        String lang = PortalServlet.language(request, response, assets);
        byte[] page = page(lang).getBytes(StandardCharsets.UTF_8);
        // no-store: a desk page is never kept by a shared computer's browser cache
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Vary", "Accept-Language, Cookie, Accept-Encoding");
        response.setHeader("Content-Language", lang);
        PortalServlet.send(request, response, "text/html; charset=utf-8", page, null);
    }

    String page(String lang) {
        return shell.shell(lang).replace("{{officeCss}}", assets.url("office.css"));
    }
}
