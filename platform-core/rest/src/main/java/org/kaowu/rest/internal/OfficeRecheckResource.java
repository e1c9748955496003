package org.kaowu.rest.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.ScoreRechecks;

/** Re-checks in an office's scope, and the outcome it records: {"outcome":"UNCHANGED"} or {"outcome":"CORRECTED","score":"78"}. */
@Component(service = OfficeRecheckResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/office/rechecks")
@Produces(MediaType.APPLICATION_JSON)
public final class OfficeRecheckResource {
    private final ScoreRechecks rechecks;

    @Activate
    public OfficeRecheckResource(@Reference ScoreRechecks rechecks) {
        this.rechecks = rechecks;
    }

    @GET
    public List<Map<String, Object>> list(@PathParam("code") String code, @QueryParam("sitting") String sitting, @Context HttpServletRequest request) {
        return rechecks.inScope(Requests.bearer(request), code, Optional.ofNullable(sitting)).stream().map(ScoreJson::recheck).toList();
    }

    @POST
    @Path("{id}/outcome")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> decide(@PathParam("code") String code, @PathParam("id") String id, Bodies.RecheckOutcome body,
            @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        boolean corrected = Requests.decision(body.outcome(), "CORRECTED", "UNCHANGED");
        return ScoreJson.recheck(rechecks.decide(token, code, Requests.id(id, ErrorCode.SCORE_NOT_FOUND, "No such re-check"), corrected,
                Optional.ofNullable(body.score())));
    }
}
