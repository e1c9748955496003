package org.kaowu.admin.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.servlet.ServletConstants;
import org.kaowu.api.AuditLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The console's Kaowu › Kaowu audit page: the audit trail of every region and of the platform itself,
 * searched by actor, candidate (the subject id), action, region and time (UTC), newest first. The console's
 * own deploys, rollbacks and configuration changes are in it (actor {@code console:<user>}).
 */
@Component(service = Servlet.class, property = {ServletConstants.PLUGIN_LABEL + "=" + AuditPlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=Kaowu audit", ServletConstants.PLUGIN_CATEGORY + "=Kaowu"})
public final class AuditPlugin extends ConsolePage {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "kaowu-audit";
    private static final int DEFAULT_LIMIT = 200;

    private final transient AuditLog audit;

    @Activate
    public AuditPlugin(@Reference AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = response.getWriter();
        Optional<String> actor = text(request, "actor");
        Optional<String> candidate = text(request, "candidate");
        Optional<String> action = text(request, "action");
        Optional<String> region = text(request, "region");
        String problem = null;
        Optional<Instant> from = Optional.empty();
        Optional<Instant> to = Optional.empty();
        int limit = DEFAULT_LIMIT;
        try {
            from = time(request, "from");
            to = time(request, "to");
            limit = text(request, "limit").map(Integer::parseInt).orElse(DEFAULT_LIMIT);
            if (limit < 1 || limit > 10_000) {
                throw new IllegalArgumentException("at most: 1 to 10000");
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            problem = "Not searched: " + e.getMessage() + " (times as 2027-02-20T12:00, UTC)";
        }
        out.println("<form id='kaowu-audit-search' method='get' action='" + LABEL + "'>");
        out.println("<table class='content' cellpadding='0' cellspacing='0' width='100%'>");
        header(out, "Search the audit trail (every criterion optional; times in UTC)", 2);
        field(out, "actor", "Actor (staff:&lt;user&gt;, console:admin, candidate:&lt;id&gt;)", actor);
        field(out, "candidate", "Candidate (id)", candidate);
        field(out, "action", "Action (CONSOLE_DEPLOY, CANDIDATE_READ, ...)", action);
        field(out, "region", "Region (code)", region);
        field(out, "from", "From (inclusive)", text(request, "from"));
        field(out, "to", "To (exclusive)", text(request, "to"));
        field(out, "limit", "At most", Optional.of(String.valueOf(limit)));
        out.println("<tr><td class='content'></td><td class='content'><button type='submit' class='ui-button'>Search</button></td></tr>");
        out.println("</table></form><br>");
        out.println("<table id='kaowu-audit' class='content' cellpadding='0' cellspacing='0' width='100%'>");
        if (problem != null) {
            header(out, "Entries", 1);
            row(out, RED, problem);
        } else {
            var entries = audit.search(new AuditLog.Search(actor, candidate, action, region, from, to, limit));
            header(out, entries.size() + " entries, newest first" + (entries.size() == limit ? " (the first " + limit + ")" : ""), 7);
            headRow(out, "At (UTC)", "Actor", "Action", "Region", "Candidate", "Outcome", "Detail");
            for (AuditLog.Entry e : entries) {
                row(out, "DENIED".equals(e.outcome()) || "REFUSED".equals(e.outcome()) || "FAILED".equals(e.outcome()) ? RED : null,
                        e.at(), e.actor(), e.action(), e.region().orElse("-"), e.subject().orElse("-"), e.outcome(), e.detail().orElse(""));
            }
        }
        out.println("</table>");
    }

    private static void field(PrintWriter out, String name, String label, Optional<String> value) {
        out.println("<tr><td class='content'><label for='kaowu-audit-" + name + "'>" + label + "</label></td><td class='content'>"
                + "<input id='kaowu-audit-" + name + "' name='" + name + "' value='" + escape(value.orElse("")) + "'></td></tr>");
    }

    private static Optional<String> text(HttpServletRequest request, String name) {
        return Optional.ofNullable(request.getParameter(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** A time as an instant (2027-02-20T04:00:00Z) or a UTC date-time (2027-02-20T12:00) or date (2027-02-20). */
    static Optional<Instant> time(HttpServletRequest request, String name) {
        return text(request, name).map(t -> {
            if (t.endsWith("Z")) {
                return Instant.parse(t);
            }
            if (t.length() == 10) {
                return java.time.LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        });
    }
}
