package org.kaowu.web.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.kaowu.api.AuditLog;
import org.kaowu.api.HealthReport;
import org.kaowu.api.PlatformHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The web console's "Kaowu health" page (Main › Kaowu health): what {@code /api/v1/health} says, for an
 * operator. Regions out of service and simulated providers that serve are shown in red: neither belongs in
 * production. It also lists the identity-check, education-records, payment and notification providers (simulated
 * ones in red, with a banner while they serve) and the last payment reconciliation of each region.
 */
@Component(service = Servlet.class, property = {ServletConstants.PLUGIN_LABEL + "=kaowu-health",
        ServletConstants.PLUGIN_TITLE + "=Kaowu health", ServletConstants.PLUGIN_CATEGORY + "=Kaowu"})
public final class HealthConsolePlugin extends AbstractServlet {
    private static final long serialVersionUID = 1L;
    static final String RED = "color:#b00020;font-weight:bold";

    /** The plugin SPIs whose providers an operator must know: real or simulated, and which one serves. */
    static final List<String> PROVIDER_SPIS = List.of("org.kaowu.spi.IdentityVerifier", "org.kaowu.spi.PriorEducationVerifier",
            "org.kaowu.spi.PaymentGateway", "org.kaowu.spi.NotificationChannel");
    /** Service properties that say what a provider serves. */
    private static final List<String> KEYS = List.of("kaowu.region", "kaowu.payment.gateway", "kaowu.channel");

    private final transient PlatformHealth health;
    private final transient BundleContext context;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile AuditLog audit;

    @Activate
    public HealthConsolePlugin(@Reference PlatformHealth health, BundleContext context) {
        this.health = health;
        this.context = context;
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HealthReport r = health.check();
        PrintWriter out = response.getWriter();
        if (r.simulated().stream().anyMatch(HealthReport.SimulatedProvider::serving)) {
            out.println("<p id='kaowu-simulated-banner' style='" + RED + ";font-size:140%;border:3px solid #b00020;padding:8px'>"
                    + "SIMULATED PROVIDERS ARE SERVING: candidates are checked, paid and notified by simulators. Not for production: "
                    + "set allowed=false in conf/org.kaowu.simulators.cfg and install the real providers.</p>");
        }
        out.println("<table id='kaowu-health' class='content' cellpadding='0' cellspacing='0' width='100%'>");
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
        providers(out, r);
        reconciliation(out);
        out.println("</table>");
    }

    /** Identity, education-records, payment and notification providers installed, each with what it serves and whether it is simulated. */
    private void providers(PrintWriter out, HealthReport r) {
        boolean simulatorsServe = r.simulated().stream().anyMatch(HealthReport.SimulatedProvider::serving);
        for (String spi : PROVIDER_SPIS) {
            String name = spi.substring(spi.lastIndexOf('.') + 1);
            out.println("<tr><th class='content container' colspan='3'>" + escape(name) + " providers</th></tr>");
            ServiceReference<?>[] refs;
            try {
                refs = context.getAllServiceReferences(spi, null);
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
            if (refs == null || refs.length == 0) {
                row(out, name, "NONE INSTALLED: what needs it fails until a provider is deployed", RED);
                continue;
            }
            java.util.Arrays.sort(refs, java.util.Collections.reverseOrder());
            for (ServiceReference<?> ref : refs) {
                Bundle b = ref.getBundle();
                boolean simulated = "true".equals(String.valueOf(ref.getProperty("kaowu.simulated")));
                StringBuilder serves = new StringBuilder();
                for (String key : KEYS) {
                    Object v = ref.getProperty(key);
                    if (v != null) {
                        serves.append(serves.length() == 0 ? "" : ", ").append(key).append("=").append(v);
                    }
                }
                Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
                String text = (b == null ? "?" : b.getSymbolicName() + " " + b.getVersion()) + " (" + (serves.length() == 0 ? "every region" : serves)
                        + (ranking == null ? "" : ", ranking " + ranking) + ")"
                        + (simulated ? (simulatorsServe ? ": SIMULATED, SERVING (not for production)" : ": simulated, not used") : ": real provider");
                row(out, name, text, simulated ? RED : null);
            }
        }
    }

    /** The newest reconciliation run of each region, from the audit trail. */
    private void reconciliation(PrintWriter out) {
        out.println("<tr><th class='content container' colspan='3'>Last payment reconciliation (对账) per region</th></tr>");
        AuditLog log = audit;
        if (log == null) {
            row(out, "", "unknown: the audit log is unavailable (database down?)", RED);
            return;
        }
        List<AuditLog.Entry> runs;
        try {
            runs = log.search(new AuditLog.Search(Optional.empty(), Optional.empty(), Optional.of("RECONCILIATION"), Optional.empty(),
                    Optional.empty(), Optional.empty(), 500));
        } catch (RuntimeException e) {
            row(out, "", "unknown: " + e.getMessage(), RED);
            return;
        }
        java.util.Map<String, AuditLog.Entry> newest = new java.util.TreeMap<>();
        runs.forEach(e -> newest.putIfAbsent(e.region().orElse("-"), e));
        if (newest.isEmpty()) {
            row(out, "", "none yet (it runs in each region's daily lock window)", null);
        }
        newest.forEach((region, e) -> row(out, region, e.at() + ": " + e.outcome() + e.detail().map(d -> " (" + d + ")").orElse(""),
                "DONE".equals(e.outcome()) ? null : RED));
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
