package org.kaowu.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.kaowu.api.HumanChecks;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Human-check challenges: {@code POST /regions/{code}/human-checks} with {@code {"purpose":"LOGIN"}} (or
 * LOOKUP, RECOVERY) answers a challenge; its solution goes in the header {@code Kaowu-Human-Check} of the
 * login, lookup or recovery it was asked for, and is accepted once.
 */
@Component(service = HumanCheckResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/human-checks")
@Produces(MediaType.APPLICATION_JSON)
public final class HumanCheckResource {
    /** JSON body of a challenge request. */
    record Ask(String purpose) {
    }

    private final HumanChecks checks;

    @Activate
    public HumanCheckResource(@Reference HumanChecks checks) {
        this.checks = checks;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response issue(@PathParam("code") String code, Ask body) {
        if (body == null) {
            throw Requests.bodyRequired();
        }
        HumanChecks.Challenge c = checks.issue(code, Requests.oneOf(HumanChecks.Purpose.class, body.purpose(), "purpose"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", c.kind());
        m.put("challenge", c.challenge());
        m.put("difficulty", c.difficulty());
        m.put("expiresAt", c.expiresAt().toString());
        m.put("header", Requests.HUMAN_CHECK);
        return Response.status(201).entity(m).header("Cache-Control", "no-store").build();
    }
}
