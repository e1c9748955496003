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

import org.kaowu.api.ErrorCode;
import org.kaowu.api.OfficeWork;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** A candidate's history (the audit trail of that candidate), for staff in whose scope the candidate is; the read is audited. */
@Component(service = CandidateHistoryResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/office/candidates/{id}/history")
@Produces(MediaType.APPLICATION_JSON)
public final class CandidateHistoryResource {
    private final OfficeWork work;

    @Activate
    public CandidateHistoryResource(@Reference OfficeWork work) {
        this.work = work;
    }

    @GET
    public List<Map<String, Object>> history(@PathParam("code") String code, @PathParam("id") String id, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        return work.history(token, code, Requests.id(id, ErrorCode.CANDIDATE_NOT_FOUND, "No such candidate")).stream().map(Json::audit).toList();
    }
}
