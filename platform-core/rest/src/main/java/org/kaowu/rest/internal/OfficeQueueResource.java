package org.kaowu.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.kaowu.api.OfficeWork;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * An office's work queues inside the staff member's scope: how many wait in each, and a page of one. A
 * page is asked for with a POST: its filter may be an ID number, which must not appear in a URL. ID
 * numbers in a page are masked.
 */
@Component(service = OfficeQueueResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/office/queues")
@Produces(MediaType.APPLICATION_JSON)
public final class OfficeQueueResource {
    /** A page of a queue: narrowed to an office or a candidate (name, ID number or ticket number), from {@code offset}. */
    record PageRequest(String office, String text, Integer offset, Integer limit) {
    }

    private final OfficeWork work;

    @Activate
    public OfficeQueueResource(@Reference OfficeWork work) {
        this.work = work;
    }

    @GET
    public Map<String, Object> counts(@PathParam("code") String code, @Context HttpServletRequest request) {
        Map<String, Object> counts = new LinkedHashMap<>();
        work.queueCounts(Requests.bearer(request), code).forEach((q, n) -> counts.put(q.name(), n));
        return counts;
    }

    @POST
    @Path("{queue}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> page(@PathParam("code") String code, @PathParam("queue") String queue, PageRequest body,
            @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        OfficeWork.Queue q = Requests.oneOf(OfficeWork.Queue.class, queue, "queue");
        PageRequest b = body == null ? new PageRequest(null, null, null, null) : body;
        OfficeWork.QueuePage page = work.queue(token, code, q, new OfficeWork.QueueFilter(Optional.ofNullable(b.office()), Optional.ofNullable(b.text())),
                b.offset() == null ? 0 : b.offset(), b.limit() == null ? 20 : b.limit());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queue", page.queue().name());
        m.put("total", page.total());
        m.put("offset", page.offset());
        m.put("limit", page.limit());
        m.put("candidates", page.candidates().stream().map(c -> Json.record(c, false)).toList());
        return m;
    }
}
