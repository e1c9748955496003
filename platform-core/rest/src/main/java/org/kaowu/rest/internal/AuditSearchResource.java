package org.kaowu.rest.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.kaowu.api.AuditEntry;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.OfficeWork;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The province office's search of the audit trail, by actor, candidate, action and time (ISO-8601 instants,
 * {@code from} inclusive, {@code to} exclusive), newest first, in pages; with {@code Accept: text/csv} the
 * same page as CSV in UTF-8 with a byte order mark. A POST, like every search of the desk: the criteria
 * stay out of URLs and logs.
 */
@Component(service = AuditSearchResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/office/audit-searches")
public final class AuditSearchResource {
    record Criteria(String actor, String candidate, String action, String from, String to, Integer offset, Integer limit) {
    }

    private final OfficeWork work;

    @Activate
    public AuditSearchResource(@Reference OfficeWork work) {
        this.work = work;
    }

    private OfficeWork.AuditPage search(String code, Criteria body, HttpServletRequest request) {
        String token = Requests.bearer(request);
        Criteria c = body == null ? new Criteria(null, null, null, null, null, null, null) : body;
        return work.searchAudit(token, code, new OfficeWork.AuditFilter(Optional.ofNullable(c.actor()), Optional.ofNullable(c.candidate()),
                Optional.ofNullable(c.action()), instant(c.from(), "from"), instant(c.to(), "to")), c.offset() == null ? 0 : c.offset(),
                c.limit() == null ? 50 : c.limit());
    }

    private static Optional<Instant> instant(String value, String field) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.strip()));
        } catch (DateTimeParseException e) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, field, field + " must be an ISO-8601 instant such as 2027-03-01T00:00:00Z");
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> json(@PathParam("code") String code, Criteria body, @Context HttpServletRequest request) {
        OfficeWork.AuditPage page = search(code, body, request);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", page.total());
        m.put("offset", page.offset());
        m.put("limit", page.limit());
        m.put("entries", page.entries().stream().map(Json::audit).toList());
        return m;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(EnrollmentStatisticsResource.CSV + ";qs=0.5")
    public Response csv(@PathParam("code") String code, Criteria body, @Context HttpServletRequest request) {
        OfficeWork.AuditPage page = search(code, body, request);
        StringBuilder b = new StringBuilder("\uFEFF");
        b.append("时间 at,操作人 actor,操作 action,考生 candidate,结果 outcome,详情 detail\r\n");
        for (AuditEntry e : page.entries()) {
            b.append(e.at()).append(',').append(EnrollmentStatisticsResource.cell(e.actor())).append(',')
                    .append(EnrollmentStatisticsResource.cell(e.action())).append(',').append(EnrollmentStatisticsResource.cell(e.subject().orElse("")))
                    .append(',').append(EnrollmentStatisticsResource.cell(e.outcome())).append(',')
                    .append(EnrollmentStatisticsResource.cell(e.detail().orElse(""))).append("\r\n");
        }
        return Response.ok(b.toString().getBytes(StandardCharsets.UTF_8), EnrollmentStatisticsResource.CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"audit-" + code.replaceAll("[^a-z0-9-]", "") + ".csv\"")
                .header("Cache-Control", "no-store").build();
    }
}
