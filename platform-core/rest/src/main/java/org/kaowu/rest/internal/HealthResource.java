package org.kaowu.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.kaowu.api.HealthReport;
import org.kaowu.api.PlatformHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code GET /health}: 200 UP once every platform bundle is active, 503 DOWN before; 200 DEGRADED when an
 * installed region is out of service ({@code regionsOutOfService}: reason by region). {@code simulated}
 * lists the simulated providers installed and whether they serve.
 */
@Component(service = HealthResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("health")
public final class HealthResource {
    private final PlatformHealth health;

    @Activate
    public HealthResource(@Reference PlatformHealth health) {
        this.health = health;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        HealthReport report = health.check();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.status().name());
        body.put("bundles", Map.of("active", report.activeBundles(), "total", report.totalBundles()));
        body.put("notActive", report.notActive());
        body.put("database", report.database());
        body.put("regionsOutOfService", report.regionsOutOfService());
        body.put("simulated", report.simulated().stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bundle", p.bundle());
            m.put("service", p.service());
            m.put("serving", p.serving());
            return m;
        }).toList());
        // DEGRADED still serves every other region: a load balancer keeps the node
        return Response.status(report.status() == HealthReport.Status.DOWN ? 503 : 200)
                .header("Cache-Control", "no-store")
                .entity(body).build();
    }
}
