package org.kaowu.rest.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.kaowu.api.EnrollmentReports;
import org.kaowu.api.EnrollmentStatistics;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Enrollment statistics of a sitting for an office, inside the staff member's scope: JSON, or with
 * {@code Accept: text/csv} the same rows as CSV in UTF-8 with a byte order mark, so spreadsheet programs
 * open it with the Chinese intact.
 */
@Component(service = EnrollmentStatisticsResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/office/enrollment-statistics")
public final class EnrollmentStatisticsResource {
    static final String CSV = "text/csv";

    private final EnrollmentReports enrollments;

    @Activate
    public EnrollmentStatisticsResource(@Reference EnrollmentReports enrollments) {
        this.enrollments = enrollments;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> json(@PathParam("code") String code, @QueryParam("sitting") String sitting, @Context HttpServletRequest request) {
        return Json.statistics(enrollments.statistics(code, Requests.bearer(request), sitting));
    }

    @GET
    @Produces(CSV + ";qs=0.5")
    public Response csv(@PathParam("code") String code, @QueryParam("sitting") String sitting, @Context HttpServletRequest request) {
        EnrollmentStatistics s = enrollments.statistics(code, Requests.bearer(request), sitting);
        StringBuilder b = new StringBuilder("\uFEFF");
        b.append("考区 exam area,课程 course,考生 candidates,报考科次 course enrollments,已缴费 paid,已缴金额 amount paid (")
                .append(s.currency()).append(")\r\n");
        for (EnrollmentStatistics.Row r : s.rows()) {
            b.append(cell(r.examArea())).append(',').append(cell(r.course())).append(',').append(r.candidates()).append(',')
                    .append(r.courseEnrollments()).append(',').append(r.paid()).append(',').append(r.amountPaid().toPlainString()).append("\r\n");
        }
        return Response.ok(b.toString().getBytes(StandardCharsets.UTF_8), CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"enrollment-statistics-" + s.region() + "-" + s.sitting() + ".csv\"").build();
    }

    /** A CSV cell: quoted when it holds a separator or quote; a leading formula character is neutralised (CSV injection). */
    static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
