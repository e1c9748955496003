package org.kaowu.web.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.kaowu.api.HealthReport;
import org.kaowu.api.PlatformHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The web console's "Kaowu health" page (Main › Kaowu health): what {@code /api/v1/health} says, for an
 * operator. Regions out of service and simulated providers that serve are shown in red: neither belongs in
 * production.
 */
@Component(service = Servlet.class, property = {ServletConstants.PLUGIN_LABEL + "=kaowu-health",
        ServletConstants.PLUGIN_TITLE + "=Kaowu health", ServletConstants.PLUGIN_CATEGORY + "=Kaowu"})
public final class HealthConsolePlugin extends AbstractServlet {
    private static final long serialVersionUID = 1L;
    static final String RED = "color:#b00020;font-weight:bold";

    private final transient PlatformHealth health;

    @Activate
    public HealthConsolePlugin(@Reference PlatformHealth health) {
        this.health = health;
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HealthReport r = health.check();
        PrintWriter out = response.getWriter();
        out.println("<table class='content' cellpadding='0' cellspacing='0' width='100%'>");
        out.println("<tr><th class='content container' colspan='3'>Kaowu health</th></tr>");
        row(out, "Status", r.status().name(), r.status() == HealthReport.Status.UP ? null : RED);
        row(out, "Bundles", r.activeBundles() + " of " + r.totalBundles() + " active"
                + (r.notActive().isEmpty() ? "" : "; not active: " + String.join(", ", r.notActive())), r.notActive().isEmpty() ? null : RED);
        row(out, "Database", r.database(), null);
        out.println("<tr><th class='content container' colspan='3'>Regions out of service</th></tr>");
        if (r.regionsOutOfService().isEmpty()) {
            row(out, "", "none: every installed region serves", null);
        }
        for (Map.Entry<String, String> e : r.regionsOutOfService().entrySet()) {
            row(out, e.getKey(), e.getValue(), RED);
        }
        out.println("<tr><th class='content container' colspan='3'>Simulated providers (conf/org.kaowu.simulators.cfg)</th></tr>");
        if (r.simulated().isEmpty()) {
            row(out, "", "none installed", null);
        }
        for (HealthReport.SimulatedProvider p : r.simulated()) {
            row(out, p.service(), p.bundle() + (p.serving() ? ": SIMULATED, SERVING (not for production)" : ": simulated, not used"),
                    p.serving() ? RED : null);
        }
        out.println("</table>");
    }

    private static void row(PrintWriter out, String name, String value, String style) {
        out.print("<tr><td class='content'>" + escape(name) + "</td><td class='content' colspan='2'");
        if (style != null) {
            out.print(" style='" + style + "'");
        }
        out.println(">" + escape(value) + "</td></tr>");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"", "&quot;");
    }
}
