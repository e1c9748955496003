package org.kaowu.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** The province office records whether a candidate needs an accessible seat (audited); allocations made afterwards seat the candidate in one. */
@Component(service = AccessibleSeatNeedResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/office/accessible-seat-needs")
@Produces(MediaType.APPLICATION_JSON)
public final class AccessibleSeatNeedResource {
    /** Whether the candidate needs an accessible seat. */
    public record NeedBody(Boolean needed) {
    }

    private final org.kaowu.api.SeatAllocation seats;

    @Activate
    public AccessibleSeatNeedResource(@Reference org.kaowu.api.SeatAllocation seats) {
        this.seats = seats;
    }

    @PUT
    @Path("{candidate}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> put(@PathParam("code") String code, @PathParam("candidate") String candidate, NeedBody body,
            @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null || body.needed() == null) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, "needed", "needed (true or false) is required");
        }
        java.util.UUID id = Requests.id(candidate, ErrorCode.CANDIDATE_NOT_FOUND, "No such candidate");
        seats.recordAccessibleSeatNeed(token, code, id, body.needed());
        return Map.of("candidate", id.toString(), "needed", body.needed());
    }
}
