package org.kaowu.rest.internal;

import java.util.EnumMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
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
import org.kaowu.api.ErrorCode;
import org.kaowu.api.rules.LoginIdentifier;
import org.kaowu.api.rules.Recovery;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Forgotten passwords, by the region's channels. Starting a recovery is rate limited like the ticket-number
 * lookup (it reveals whether details match), per client address and per ID number.
 */
@Component(service = PasswordRecoveryResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/password-recoveries")
@Produces(MediaType.APPLICATION_JSON)
public final class PasswordRecoveryResource {

    /** The CAPTCHA (field-injected: an addition kept apart from the constructor). */
    @org.osgi.service.component.annotations.Reference
    private org.kaowu.api.HumanChecks humanChecks;
    private final CandidateAccounts accounts;
    private final Throttle throttle;

    @Activate
    public PasswordRecoveryResource(@Reference CandidateAccounts accounts, @Reference Throttle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@PathParam("code") String code, Bodies.RecoveryStart body, @Context HttpServletRequest request) {
        if (body == null) {
            throw Requests.bodyRequired();
        }
        Recovery.Channel channel = Requests.oneOf(Recovery.Channel.class, body.channel(), "channel");
        String client = Requests.client(throttle, request);
        String key = body.idNumber() != null ? body.idNumber() : body.email() != null ? body.email() : String.valueOf(body.mobile());
        // Budgets of their own: lookups of an ID number never use up its owner's recoveries.
        throttle.require(Throttle.Budget.RECOVERY_PER_ADDRESS, client);
        throttle.require(Throttle.Budget.RECOVERY_PER_ID_NUMBER, code + ":" + key);
        humanChecks.require(code, org.kaowu.api.HumanChecks.Purpose.RECOVERY, Requests.humanCheck(request));
        Map<LoginIdentifier, String> identify = new EnumMap<>(LoginIdentifier.class);
        put(identify, LoginIdentifier.ID_NUMBER, body.idNumber());
        put(identify, LoginIdentifier.TICKET_NUMBER, body.ticketNumber());
        put(identify, LoginIdentifier.EMAIL, body.email());
        put(identify, LoginIdentifier.MOBILE, body.mobile());
        return Response.status(201).entity(Json.recovery(accounts.startRecovery(code, identify, channel, client))).build();
    }

    private static void put(Map<LoginIdentifier, String> m, LoginIdentifier k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    @POST
    @Path("{id}/completion")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response complete(@PathParam("code") String code, @PathParam("id") String id, Bodies.RecoveryCompletion body,
            @Context HttpServletRequest request) {
        throttle.require(Throttle.Budget.RECOVERY_PER_ADDRESS, Requests.client(throttle, request));
        if (body == null) {
            throw Requests.bodyRequired();
        }
        accounts.completeRecovery(code, Requests.id(id, ErrorCode.VERIFICATION_FAILED, "The code, link or answer is wrong, used or expired"), body.secret(), Requests.chars(body.newPassword()),
                Requests.chars(body.confirm()));
        return Response.noContent().build();
    }
}
