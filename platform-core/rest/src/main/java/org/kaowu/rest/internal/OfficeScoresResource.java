package org.kaowu.rest.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import org.kaowu.api.ExamScores;
import org.kaowu.api.ScoreImport;

/**
 * The province office imports a marking centre's scores of a sitting (text/csv, header ticketNumber,
 * course, score): checked whole, applied all or nothing, 422 IMPORT_REFUSED with every line at fault;
 * 409 SCORES_PUBLISHED once the sitting is published.
 */
@Component(service = OfficeScoresResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/office/scores")
@Produces(MediaType.APPLICATION_JSON)
public final class OfficeScoresResource {
    private final ExamScores scores;

    @Activate
    public OfficeScoresResource(@Reference ExamScores scores) {
        this.scores = scores;
    }

    @POST
    @Path("{sitting}")
    @Consumes("text/csv")
    public Response importScores(@PathParam("code") String code, @PathParam("sitting") String sitting, java.io.InputStream csv,
            @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        ScoreImport done = scores.importScores(token, code, sitting, csv);
        return Response.status(201).entity(Map.of("sitting", done.sitting(), "imported", done.imported(), "courses", done.courses(),
                "replaced", done.replaced())).build();
    }

    /** The province office's sheet of a course's scores at a sitting (before publication too). */
    @GET
    @Path("{sitting}")
    public Map<String, Object> sheet(@PathParam("code") String code, @PathParam("sitting") String sitting, @QueryParam("course") String course,
            @Context HttpServletRequest request) {
        List<Map<String, Object>> rows = scores.scoreSheet(Requests.bearer(request), code, sitting, course).stream().map(r -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("ticketNumber", r.ticketNumber());
            m.putAll(ScoreJson.score(r.score()));
            m.put("corrected", r.corrected());
            return m;
        }).toList();
        return Map.of("sitting", sitting, "course", course, "scores", rows);
    }
}
