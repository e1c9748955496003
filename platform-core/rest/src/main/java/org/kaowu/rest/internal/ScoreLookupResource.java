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
import org.kaowu.api.Throttle;

/**
 * The public score lookup (成绩查询) by ticket number and ID number: rate limited per client address and
 * per ID number like the ticket-number lookup (budgets of their own keys), audited by the service, one
 * identical 404 SCORE_NOT_FOUND for every mismatch; 409 SCORES_NOT_PUBLISHED before the publication date.
 */
@Component(service = ScoreLookupResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/score-lookups")
@Produces(MediaType.APPLICATION_JSON)
public final class ScoreLookupResource {
    private final ExamScores scores;
    private final Throttle throttle;

    @Activate
    public ScoreLookupResource(@Reference ExamScores scores, @Reference Throttle throttle) {
        this.scores = scores;
        this.throttle = throttle;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response lookup(@PathParam("code") String code, Bodies.ScoreLookup body, @Context HttpServletRequest request) {
        if (body == null) {
            throw Requests.bodyRequired();
        }
        String client = Requests.client(throttle, request);
        throttle.require(Throttle.Budget.LOOKUP_PER_ADDRESS, "scores:" + client);
        throttle.require(Throttle.Budget.LOOKUP_PER_ID_NUMBER, "scores:" + code + ":" + body.idNumber());
        List<Map<String, Object>> found = scores.lookup(code, body.ticketNumber(), body.idNumber(), Optional.ofNullable(body.sitting()), client)
                .stream().map(ScoreJson::sittingScore).toList();
        return Response.ok(Map.of("sitting", found.get(0).get("sitting"), "scores", found)).header("Cache-Control", "no-store").build();
    }
}
