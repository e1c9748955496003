package org.kaowu.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.kaowu.api.OfficeWork;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The staff accounts a staff member manages in a region (administrators: all; the province office: those
 * below it; a city office: its counties'): list, disable, give a new password. Creating one is
 * {@code POST /regions/{code}/staff}.
 */
@Component(service = StaffAdministrationResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/office/staff")
@Produces(MediaType.APPLICATION_JSON)
public final class StaffAdministrationResource {
    private final OfficeWork work;

    @Activate
    public StaffAdministrationResource(@Reference OfficeWork work) {
        this.work = work;
    }

    static Map<String, Object> account(OfficeWork.StaffAccount a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", a.username());
        m.put("role", a.role().name());
        m.put("region", a.region().orElse(null));
        m.put("office", a.office().orElse(null));
        m.put("createdAt", a.createdAt().toString());
        m.put("disabledAt", a.disabledAt().map(Object::toString).orElse(null));
        return m;
    }

    @GET
    public List<Map<String, Object>> list(@PathParam("code") String code, @Context HttpServletRequest request) {
        return work.staff(Requests.bearer(request), code).stream().map(StaffAdministrationResource::account).toList();
    }

    /** Disables the account (idempotent: disabling a disabled account changes nothing). */
    @PUT
    @Path("{username}/disabled")
    public Map<String, Object> disable(@PathParam("code") String code, @PathParam("username") String username, @Context HttpServletRequest request) {
        return account(work.disableStaff(Requests.bearer(request), code, username));
    }

    /** A new generated password for the account, in this answer only, to hand over. */
    @POST
    @Path("{username}/password-resets")
    public Response reset(@PathParam("code") String code, @PathParam("username") String username, @Context HttpServletRequest request) {
        OfficeWork.StaffPasswordReset r = work.resetStaffPassword(Requests.bearer(request), code, username);
        return Response.status(201).entity(Map.of("username", r.username(), "password", r.password())).header("Cache-Control", "no-store").build();
    }
}
