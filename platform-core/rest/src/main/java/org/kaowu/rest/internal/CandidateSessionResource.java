package org.kaowu.rest.internal;


import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.kaowu.api.Throttle;
import org.kaowu.api.CandidateAccounts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** Candidate login and logout: signed, expiring session tokens. */
@Component(service = CandidateSessionResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/sessions")
@Produces(MediaType.APPLICATION_JSON)
public final class CandidateSessionResource {

    /** The CAPTCHA (field-injected: an addition kept apart from the constructor). */
    @org.osgi.service.component.annotations.Reference
    private org.kaowu.api.HumanChecks humanChecks;
    private final CandidateAccounts accounts;
    private final Throttle throttle;

    @Activate
    public CandidateSessionResource(@Reference CandidateAccounts accounts, @Reference Throttle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(@PathParam("code") String code, Bodies.Login body, @Context HttpServletRequest request) {
        if (body == null) {
            throw Requests.bodyRequired();
        }
        String client = Requests.client(throttle, request);
        // A login answer tells whether credentials are valid: rate limited per address like the lookup (own bucket).
        throttle.require(Throttle.Budget.LOGIN_PER_ADDRESS, client);
        humanChecks.require(code, org.kaowu.api.HumanChecks.Purpose.LOGIN, Requests.humanCheck(request));
        return Response.status(201).entity(Json.session(accounts.login(code, body.login(), Requests.chars(body.password()), client))).build();
    }

    @DELETE
    @Path("current")
    public Response logout(@PathParam("code") String code, @Context HttpServletRequest request) {
        accounts.logout(code, Requests.bearer(request));
        return Response.noContent().build();
    }

}
