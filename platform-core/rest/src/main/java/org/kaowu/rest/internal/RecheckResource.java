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

import org.kaowu.api.ScoreRechecks;

/** A candidate's score re-checks (成绩复查): apply per course inside the region's window (409 RECHECK_CLOSED outside it), list them. */
@Component(service = RecheckResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/candidates/me/rechecks")
@Produces(MediaType.APPLICATION_JSON)
public final class RecheckResource {
    private final ScoreRechecks rechecks;

    @Activate
    public RecheckResource(@Reference ScoreRechecks rechecks) {
        this.rechecks = rechecks;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response apply(@PathParam("code") String code, Bodies.RecheckApplication body, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        return Response.status(201).entity(ScoreJson.recheck(rechecks.apply(code, token, body.sitting(), body.course()))).build();
    }

    @GET
    public List<Map<String, Object>> mine(@PathParam("code") String code, @Context HttpServletRequest request) {
        return rechecks.mine(code, Requests.bearer(request)).stream().map(ScoreJson::recheck).toList();
    }
}
