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

/**
 * Seat allocation of a sitting in an exam area, for the region's province office: allocate (again, while
 * DRAFT) with a seed, read the summary, publish (frozen from then on), and take a room out of use (its
 * candidates, and only they, move).
 */
@Component(service = SeatAllocationResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/office/seat-allocations")
@Produces(MediaType.APPLICATION_JSON)
public final class SeatAllocationResource {
    /** The seed of an allocation: the same seed, enrollments and rooms give the same seats. */
    public record AllocationBody(Long seed) {
    }

    /** A room to take out of use. */
    public record ClosureBody(String site, String room) {
    }

    private final org.kaowu.api.SeatAllocation seats;

    @Activate
    public SeatAllocationResource(@Reference org.kaowu.api.SeatAllocation seats) {
        this.seats = seats;
    }

    static Map<String, Object> json(org.kaowu.api.SeatAllocationSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sitting", s.sitting());
        m.put("examArea", s.examArea());
        m.put("status", s.status().name());
        m.put("seed", s.seed());
        m.put("seats", s.seats());
        m.put("rooms", s.rooms());
        m.put("moved", s.moved());
        m.put("allocatedAt", s.allocatedAt().toString());
        s.publishedAt().ifPresent(p -> m.put("publishedAt", p.toString()));
        return m;
    }

    @POST
    @Path("{sitting}/{examArea}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> allocate(@PathParam("code") String code, @PathParam("sitting") String sitting, @PathParam("examArea") String examArea,
            AllocationBody body, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null || body.seed() == null) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, "seed", "seed is required: the same seed gives the same seats");
        }
        return json(seats.allocate(token, code, sitting, examArea, body.seed()));
    }

    @GET
    @Path("{sitting}/{examArea}")
    public Map<String, Object> summary(@PathParam("code") String code, @PathParam("sitting") String sitting, @PathParam("examArea") String examArea,
            @Context HttpServletRequest request) {
        return json(seats.summary(Requests.bearer(request), code, sitting, examArea));
    }

    @POST
    @Path("{sitting}/{examArea}/publication")
    public Map<String, Object> publish(@PathParam("code") String code, @PathParam("sitting") String sitting, @PathParam("examArea") String examArea,
            @Context HttpServletRequest request) {
        return json(seats.publish(Requests.bearer(request), code, sitting, examArea));
    }

    @POST
    @Path("{sitting}/{examArea}/room-closures")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> closeRoom(@PathParam("code") String code, @PathParam("sitting") String sitting, @PathParam("examArea") String examArea,
            ClosureBody body, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null || body.site() == null || body.room() == null) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, body == null || body.site() == null ? "site" : "room", "site and room are required");
        }
        return json(seats.closeRoom(token, code, sitting, examArea, body.site(), body.room()));
    }
}
