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
 * Checks an admission notice's verification code without login (an invigilator's phone scanning the QR
 * code): the name's first character, the photo (base64 JPEG) and the seats, nothing else; one 404 for
 * every code that is not a notice's; rate limited per client address.
 */
@Component(service = NoticeVerificationResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("admission-notices")
@Produces(MediaType.APPLICATION_JSON)
public final class NoticeVerificationResource {
    private final org.kaowu.api.AdmissionNotices notices;
    private final org.kaowu.api.Throttle throttle;

    @Activate
    public NoticeVerificationResource(@Reference org.kaowu.api.AdmissionNotices notices, @Reference org.kaowu.api.Throttle throttle) {
        this.notices = notices;
        this.throttle = throttle;
    }

    @GET
    @Path("{verification}")
    public Response verify(@PathParam("verification") String code, @Context HttpServletRequest request) {
        org.kaowu.api.AdmissionNotices.Verified v = notices.verify(code, Requests.client(throttle, request));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("region", v.region());
        m.put("sitting", v.sitting());
        m.put("nameInitial", v.nameInitial());
        m.put("photo", java.util.Base64.getEncoder().encodeToString(v.photo()));
        m.put("seats", v.seats().stream().map(s -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("course", s.course());
            x.put("session", s.session());
            x.put("date", s.date().toString());
            x.put("starts", s.starts().toString());
            x.put("ends", s.ends().toString());
            x.put("site", s.site());
            x.put("siteName", s.siteName());
            x.put("room", s.room());
            x.put("seat", s.seat());
            return x;
        }).toList());
        return Response.ok(m).header("Cache-Control", "no-store").build();
    }
}
