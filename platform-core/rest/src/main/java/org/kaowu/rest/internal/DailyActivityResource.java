package org.kaowu.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.kaowu.api.OfficeWork;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** Registrations and started enrollments per day of a sitting's enrollment windows (region time), inside the staff member's scope. */
@Component(service = DailyActivityResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/office/daily-activity")
@Produces(MediaType.APPLICATION_JSON)
public final class DailyActivityResource {
    private final OfficeWork work;

    @Activate
    public DailyActivityResource(@Reference OfficeWork work) {
        this.work = work;
    }

    @GET
    public Map<String, Object> daily(@PathParam("code") String code, @QueryParam("sitting") String sitting, @Context HttpServletRequest request) {
        OfficeWork.DailyActivity a = work.dailyActivity(Requests.bearer(request), code, sitting);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("region", a.region());
        m.put("sitting", a.sitting());
        m.put("days", a.days().stream().map(d -> Map.of("date", d.date().toString(), "registrations", d.registrations(),
                "enrollments", d.enrollments())).toList());
        return m;
    }
}
