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
 * The candidate's admission notice (准考证) of a sitting as PDF, from the region's notice date on once the
 * seats are published (409 ADMISSION_NOTICE_NOT_AVAILABLE before).
 */
@Component(service = AdmissionNoticeResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/candidates/me/sittings")
public final class AdmissionNoticeResource {
    private final org.kaowu.api.AdmissionNotices notices;

    @Activate
    public AdmissionNoticeResource(@Reference org.kaowu.api.AdmissionNotices notices) {
        this.notices = notices;
    }

    @GET
    @Path("{sitting}/admission-notice.pdf")
    @Produces({"application/pdf", MediaType.APPLICATION_JSON})
    public Response notice(@PathParam("code") String code, @PathParam("sitting") String sitting, @Context HttpServletRequest request) {
        byte[] pdf = notices.notice(code, Requests.bearer(request), sitting);
        return Response.ok(pdf, "application/pdf").header("Content-Disposition", "inline; filename=\"admission-notice-" + sitting + ".pdf\"")
                .header("Cache-Control", "no-store").build();
    }
}
