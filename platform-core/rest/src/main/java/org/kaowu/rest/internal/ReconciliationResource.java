package org.kaowu.rest.internal;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.kaowu.api.PaymentReconciliation;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** The province office's reconciliation reports: runs and mismatches with the payment gateways, newest first. */
@Component(service = ReconciliationResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/office/reconciliation-reports")
@Produces(MediaType.APPLICATION_JSON)
public final class ReconciliationResource {
    private final PaymentReconciliation reconciliation;

    @Activate
    public ReconciliationResource(@Reference PaymentReconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @GET
    public List<Map<String, Object>> reports(@PathParam("code") String code, @Context HttpServletRequest request) {
        return reconciliation.reports(code, Requests.bearer(request)).stream().map(e -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("at", e.at().toString());
            m.put("action", e.action());
            m.put("enrollment", e.enrollment().orElse(null));
            m.put("outcome", e.outcome());
            m.put("detail", e.detail().orElse(null));
            return m;
        }).toList();
    }
}
