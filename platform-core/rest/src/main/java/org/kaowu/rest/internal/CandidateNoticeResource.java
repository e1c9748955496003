package org.kaowu.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.kaowu.api.CandidateNotices;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** The signed-in candidate's notices (registration approved or rejected, ticket issued, proof reviewed, payment received), newest first. */
@Component(service = CandidateNoticeResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/candidates/me/notifications")
@Produces(MediaType.APPLICATION_JSON)
public final class CandidateNoticeResource {
    private final CandidateNotices notices;

    @Activate
    public CandidateNoticeResource(@Reference CandidateNotices notices) {
        this.notices = notices;
    }

    @GET
    public List<Map<String, Object>> mine(@PathParam("code") String code, @Context HttpServletRequest request) {
        return notices.mine(code, Requests.bearer(request)).stream().map(n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id().toString());
            m.put("kind", n.kind().name());
            m.put("detail", n.detail().orElse(null));
            m.put("at", n.at().toString());
            return m;
        }).toList();
    }
}
