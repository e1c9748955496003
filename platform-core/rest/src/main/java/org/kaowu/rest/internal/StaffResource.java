package org.kaowu.rest.internal;

import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.kaowu.api.Throttle;
import org.kaowu.api.NewStaff;
import org.kaowu.api.OfficeDesk;
import org.kaowu.api.StaffRole;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Staff sessions and accounts of a region: {@code sessions}, {@code me}, and account creation. A
 * platform administrator's account spans regions and may log in at any region's path.
 */
@Component(service = StaffResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/staff")
@Produces(MediaType.APPLICATION_JSON)
public final class StaffResource {
    private final OfficeDesk desk;
    private final Throttle throttle;

    @Activate
    public StaffResource(@Reference OfficeDesk desk, @Reference Throttle throttle) {
        this.desk = desk;
        this.throttle = throttle;
    }

    @POST
    @Path("sessions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(@PathParam("code") String code, Bodies.StaffLogin body, @Context HttpServletRequest request) {
        if (body == null) {
            throw Requests.bodyRequired();
        }
        String client = Requests.client(throttle, request);
        throttle.require(Throttle.Budget.LOGIN_PER_ADDRESS, client);
        return Response.status(201).entity(Json.session(desk.login(code, body.username(), Requests.chars(body.password()), client))).build();
    }

    @DELETE
    @Path("sessions/current")
    public Response logout(@Context HttpServletRequest request) {
        desk.logout(Requests.bearer(request));
        return Response.noContent().build();
    }

    @GET
    @Path("me")
    public Map<String, Object> me(@Context HttpServletRequest request) {
        return Json.staff(desk.whoAmI(Requests.bearer(request)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("code") String code, Bodies.Staff body, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        StaffRole role = Requests.oneOf(StaffRole.class, body.role(), "role");
        return Response.status(201).entity(Json.staff(desk.createStaff(token, new NewStaff(body.username(), Requests.chars(body.password()),
                role, role == StaffRole.PLATFORM_ADMIN ? Optional.empty() : Optional.of(code), Optional.ofNullable(body.office()))))).build();
    }
}
