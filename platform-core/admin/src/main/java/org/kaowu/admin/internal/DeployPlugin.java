package org.kaowu.admin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

import org.apache.felix.webconsole.servlet.ServletConstants;
import org.kaowu.api.AuditLog;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's Kaowu › Kaowu deploy page: upload a region or plugin bundle, or pick one of
 * {@code plugins/}; it is validated (see {@link Deployments}) before it is written into {@code deploy/} and
 * started, and each deployed bundle can be rolled back to the jar it replaced in one action. Every deploy,
 * refusal and rollback is audited with the console's user as actor.
 */
@Component(service = Servlet.class, property = {ServletConstants.PLUGIN_LABEL + "=" + DeployPlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=Kaowu deploy", ServletConstants.PLUGIN_CATEGORY + "=Kaowu"})
public final class DeployPlugin extends ConsolePage {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeployPlugin.class);
    static final String LABEL = "kaowu-deploy";
    private static final long MAX_BYTES = 64L * 1024 * 1024;

    private final transient BundleContext context;
    private final transient AuditLog audit;
    private final transient Deployments deployments;
    private final transient Path uploads;
    /** Outcomes of the last actions, shown once after the redirect that follows a POST. */
    private final transient Map<String, List<String>> outcomes = Collections.synchronizedMap(new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
            return size() > 50;
        }
    });
    private final transient SecureRandom random = new SecureRandom();

    @Activate
    public DeployPlugin(BundleContext context, @Reference AuditLog audit) {
        this.context = context;
        this.audit = audit;
        Path home = Path.of(Optional.ofNullable(context.getProperty("kaowu.home")).orElse("."));
        Path data = Path.of(Optional.ofNullable(context.getProperty("kaowu.data")).orElse(home.resolve("data").toString()));
        Path deploy = home.resolve("deploy").toAbsolutePath().normalize();
        this.uploads = data.resolve("console/uploads");
        this.deployments = new Deployments(deploy, home.resolve("plugins"), data.resolve("console/previous"), this::satisfied,
                bsn -> isPlatformBundle(bsn, deploy));
    }

    /** Whether any bundle of the running platform offers a capability matching the requirement. */
    private boolean satisfied(Deployments.Requirement r) {
        Filter filter;
        try {
            filter = r.filter() == null ? null : FrameworkUtil.createFilter(r.filter());
        } catch (InvalidSyntaxException e) {
            return false;
        }
        for (Bundle b : context.getBundles()) {
            BundleRevision revision = b.adapt(BundleRevision.class);
            if (revision == null) {
                continue;
            }
            for (BundleCapability c : revision.getDeclaredCapabilities(r.namespace())) {
                if (filter == null || filter.matches(c.getAttributes())) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean isPlatformBundle(String bsn, Path deploy) {
        String deployed = deploy.toUri().toString();
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName()) && !b.getLocation().startsWith(deployed) && !b.getLocation().contains("/deploy/")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = response.getWriter();
        String result = request.getParameter("result");
        List<String> shown = result == null ? null : outcomes.get(result);
        if (shown != null) {
            out.println("<table id='kaowu-deploy-result' class='content' cellpadding='0' cellspacing='0' width='100%'>");
            header(out, "Result", 1);
            for (String line : shown) {
                row(out, line.startsWith("REFUSED") || line.startsWith("FAILED") ? RED : null, line);
            }
            out.println("</table><br>");
        }
        String token = tokenField(request);
        out.println("<table id='kaowu-deployed' class='content' cellpadding='0' cellspacing='0' width='100%'>");
        header(out, "Region and plugin bundles in deploy/", 6);
        headRow(out, "File", "Bundle", "Version", "Kind", "State", "Roll back");
        for (Deployments.Deployed d : deployments.deployed()) {
            out.print("<tr data-bsn='" + escape(d.bsn()) + "'>");
            for (Object c : new Object[] {d.file(), d.bsn(), d.version(), d.region().map(r -> "region " + r).orElse("plugin"), state(d.bsn())}) {
                out.print("<td class='content'>" + escape(c) + "</td>");
            }
            out.print("<td class='content'>");
            if (d.rollbackTo().isPresent()) {
                out.print("<form method='post' action='" + LABEL + "'>" + token + "<input type='hidden' name='action' value='rollback'>"
                        + "<input type='hidden' name='bsn' value='" + escape(d.bsn()) + "'><button type='submit' class='ui-button' name='rollback' value='"
                        + escape(d.bsn()) + "'>Roll back: " + escape(d.rollbackTo().get()) + "</button></form>");
            } else {
                out.print("-");
            }
            out.println("</td></tr>");
        }
        out.println("</table><br>");

        out.println("<table id='kaowu-available' class='content' cellpadding='0' cellspacing='0' width='100%'>");
        header(out, "Optional plugins in " + deployments.plugins().getFileName() + "/ (validated, then copied into deploy/)", 4);
        headRow(out, "File", "Bundle", "Version", "Deploy");
        for (Path jar : deployments.available()) {
            Optional<String[]> id = Deployments.identity(jar);
            String file = jar.getFileName().toString();
            out.print("<tr>");
            for (Object c : new Object[] {file, id.map(i -> i[0]).orElse("?"), id.map(i -> i[1]).orElse("?")}) {
                out.print("<td class='content'>" + escape(c) + "</td>");
            }
            out.println("<td class='content'><form method='post' action='" + LABEL + "'>" + token
                    + "<input type='hidden' name='action' value='deploy-plugin'><input type='hidden' name='file' value='" + escape(file) + "'>"
                    + "<button type='submit' class='ui-button' name='deploy' value='" + escape(file) + "'>Validate and deploy</button></form></td></tr>");
        }
        out.println("</table><br>");

        out.println("<form id='kaowu-upload' method='post' enctype='multipart/form-data' action='" + LABEL + "'>" + token
                + "<input type='hidden' name='action' value='upload'>");
        out.println("<table class='content' cellpadding='0' cellspacing='0' width='100%'>");
        header(out, "Upload a region or plugin bundle", 2);
        out.println("<tr><td class='content'><label for='kaowu-bundle'>Bundle (.jar)</label></td><td class='content'>"
                + "<input id='kaowu-bundle' type='file' name='bundle' accept='.jar'> <button type='submit' class='ui-button'>Validate and deploy</button>"
                + "<br>Checked before anything starts: manifest, every requirement against the running platform, a region's data files "
                + "(every problem with file and line), a plugin's Kaowu SPI services. The jar it replaces is kept for a rollback.</td></tr>");
        out.println("</table></form>");
    }

    private String state(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return RegionsPlugin.state(b.getState()) + " (" + b.getVersion() + ")";
            }
        }
        return "not installed yet";
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!checkToken(request, response)) {
            return;
        }
        String action = String.valueOf(request.getParameter("action"));
        List<String> lines = new ArrayList<>();
        try {
            switch (action) {
                case "upload" -> upload(request, lines);
                case "deploy-plugin" -> deployPlugin(request, lines);
                case "rollback" -> rollback(request, lines);
                default -> {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST, "unknown action");
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Console {} failed", action, e);
            lines.add("FAILED: " + e.getMessage());
            audit.record(actor(request), "CONSOLE_" + action.toUpperCase(java.util.Locale.ROOT).replace('-', '_'), Optional.empty(), Optional.empty(),
                    "FAILED", Optional.of(String.valueOf(e.getMessage())));
        }
        byte[] id = new byte[12];
        random.nextBytes(id);
        String key = java.util.HexFormat.of().formatHex(id);
        outcomes.put(key, lines);
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", LABEL + "?result=" + key);
    }

    private void upload(HttpServletRequest request, List<String> lines) throws IOException, ServletException {
        Part part = request.getPart("bundle");
        if (part == null || part.getSize() == 0) {
            lines.add("REFUSED: no file was chosen");
            return;
        }
        if (part.getSize() > MAX_BYTES) {
            lines.add("REFUSED: the file is larger than " + MAX_BYTES / (1024 * 1024) + " MB");
            return;
        }
        Files.createDirectories(uploads);
        Path jar = Files.createTempFile(uploads, "upload-", ".jar.part");
        try {
            try (InputStream in = part.getInputStream()) {
                Files.copy(in, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            String name = part.getSubmittedFileName() == null ? "upload.jar" : part.getSubmittedFileName();
            validateAndDeploy(request, jar, name, lines);
        } finally {
            Files.deleteIfExists(jar);
        }
    }

    private void deployPlugin(HttpServletRequest request, List<String> lines) throws IOException {
        String file = String.valueOf(request.getParameter("file"));
        Optional<Path> jar = deployments.available().stream().filter(p -> p.getFileName().toString().equals(file)).findFirst();
        if (jar.isEmpty()) {
            lines.add("REFUSED: " + file + " is not in plugins/");
            return;
        }
        validateAndDeploy(request, jar.get(), file, lines);
    }

    private void validateAndDeploy(HttpServletRequest request, Path jar, String name, List<String> lines) throws IOException {
        Deployments.Validation v = deployments.validate(jar, name);
        if (!v.valid()) {
            lines.add("REFUSED: " + name + " (" + v.describe() + ") was not deployed; nothing changed. " + v.problems().size() + " problem(s):");
            v.problems().forEach(p -> lines.add("REFUSED: " + p));
            audit.record(actor(request), "CONSOLE_DEPLOY", v.region(), Optional.empty(), "REFUSED",
                    Optional.of(v.describe() + ": " + String.join("; ", v.problems())));
            return;
        }
        String replaced = deployments.deploy(jar, v, name);
        lines.add("Validated " + name + ": " + v.describe() + (v.region().map(r -> ", region " + r).orElse(", plugin")) + "; provides "
                + String.join(", ", v.provides()) + ".");
        lines.add("Deployed into deploy/ (replacing " + replaced + "); it is installed and started within a second. "
                + "See Kaowu regions for the providers in force.");
        audit.record(actor(request), "CONSOLE_DEPLOY", v.region(), Optional.empty(), "DONE",
                Optional.of(v.describe() + " from " + name + ", replacing " + replaced));
        LOG.info("Console deployed {} from {} (replacing {})", v.describe(), name, replaced);
    }

    private void rollback(HttpServletRequest request, List<String> lines) throws IOException {
        String bsn = String.valueOf(request.getParameter("bsn"));
        if (deployments.rollbackTo(bsn).isEmpty()) {
            lines.add("REFUSED: nothing is kept to roll " + bsn + " back to");
            return;
        }
        Optional<String> region = deployments.current(bsn).flatMap(Deployments::identity).map(i -> i[2]);
        String done = deployments.rollback(bsn);
        lines.add("Rolled back: " + done + ".");
        audit.record(actor(request), "CONSOLE_ROLLBACK", region, Optional.empty(), "DONE", Optional.of(done));
        LOG.info("Console rolled back {}: {}", bsn, done);
    }
}
