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
 * The exam sites and rooms of a region's exam areas, for its province office (staff Bearer token): list,
 * one room as JSON (added or changed), or a CSV file checked whole and applied all or nothing
 * (IMPORT_REFUSED with every line at fault).
 */
@Component(service = ExamRoomResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/office/exam-rooms")
@Produces(MediaType.APPLICATION_JSON)
public final class ExamRoomResource {
    /** A room's data in a PUT (its area, site and room are in the address). */
    public record RoomBody(String siteName, Integer capacity, Integer accessibleSeats, Boolean inUse) {
    }

    private final org.kaowu.api.ExamRooms rooms;

    @Activate
    public ExamRoomResource(@Reference org.kaowu.api.ExamRooms rooms) {
        this.rooms = rooms;
    }

    static Map<String, Object> json(org.kaowu.api.ExamRoom r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("examArea", r.examArea());
        m.put("site", r.site());
        m.put("siteName", r.siteName());
        m.put("room", r.room());
        m.put("capacity", r.capacity());
        m.put("accessibleSeats", r.accessibleSeats());
        m.put("inUse", r.inUse());
        return m;
    }

    @GET
    public List<Map<String, Object>> list(@PathParam("code") String code, @QueryParam("examArea") String examArea, @Context HttpServletRequest request) {
        return rooms.rooms(Requests.bearer(request), code, Optional.ofNullable(examArea).filter(a -> !a.isBlank())).stream()
                .map(ExamRoomResource::json).toList();
    }

    @PUT
    @Path("{examArea}/{site}/{room}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> put(@PathParam("code") String code, @PathParam("examArea") String examArea, @PathParam("site") String site,
            @PathParam("room") String room, RoomBody body, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        if (body.capacity() == null) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, "capacity", "capacity is required");
        }
        int accessible = body.accessibleSeats() == null ? 0 : body.accessibleSeats();
        if (body.capacity() < 1 || body.capacity() > 1000) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, "capacity", "capacity must be between 1 and 1000");
        }
        if (accessible < 0 || accessible > body.capacity()) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, "accessibleSeats", "accessibleSeats must be between 0 and capacity");
        }
        if (body.siteName() == null || body.siteName().isBlank()) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, "siteName", "siteName is required");
        }
        return json(rooms.putRoom(token, code, new org.kaowu.api.ExamRoom(examArea, site, body.siteName().strip(), room, body.capacity(), accessible,
                body.inUse() == null || body.inUse())));
    }

    /** A CSV file of rooms (text/csv, UTF-8, header examArea,site,siteName,room,capacity,accessibleSeats). */
    @POST
    @Consumes("text/csv")
    public Response importRooms(@PathParam("code") String code, java.io.InputStream csv, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        int imported = rooms.importRooms(token, code, csv);
        return Response.status(201).entity(Map.of("imported", imported)).type(MediaType.APPLICATION_JSON).build();
    }
}
