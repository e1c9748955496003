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

/** The logged-in candidate's published scores: every attempt, the best per course, validity, and what each major still lacks. */
@Component(service = CandidateScoresResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/candidates/me/scores")
@Produces(MediaType.APPLICATION_JSON)
public final class CandidateScoresResource {
    private final ExamScores scores;

    @Activate
    public CandidateScoresResource(@Reference ExamScores scores) {
        this.scores = scores;
    }

    @GET
    public Response transcript(@PathParam("code") String code, @Context HttpServletRequest request) {
        return Response.ok(ScoreJson.transcript(scores.transcript(code, Requests.bearer(request)))).header("Cache-Control", "no-store").build();
    }
}
