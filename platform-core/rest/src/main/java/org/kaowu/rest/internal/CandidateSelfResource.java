package org.kaowu.rest.internal;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.kaowu.api.CandidateAccounts;
import org.kaowu.api.ErrorCode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** A logged-in candidate's own record and the steps the candidate performs (Authorization: Bearer). */
@Component(service = CandidateSelfResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/candidates/me")
@Produces(MediaType.APPLICATION_JSON)
public final class CandidateSelfResource {
    private final CandidateAccounts accounts;

    @Activate
    public CandidateSelfResource(@Reference CandidateAccounts accounts) {
        this.accounts = accounts;
    }

    @GET
    public Map<String, Object> me(@PathParam("code") String code, @Context HttpServletRequest request) {
        return Json.record(accounts.me(code, Requests.bearer(request)), true);
    }

    @PUT
    @Path("password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changePassword(@PathParam("code") String code, Bodies.PasswordChange body, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        accounts.changePassword(code, token, Requests.chars(body.oldPassword()), Requests.chars(body.newPassword()), Requests.chars(body.confirm()));
        return Response.noContent().build();
    }

    @POST
    @Path("identity-confirmations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> confirmOnline(@PathParam("code") String code, Bodies.OnlineConfirmation body, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        return Json.record(accounts.confirmOnline(code, token, Requests.base64(body.idCardImage(), "idCardImage"),
                Requests.base64(body.faceImage(), "faceImage"), Requests.base64(body.idPhoto(), "idPhoto")), true);
    }

    /** A rejected candidate corrects their data and submits the registration again (back to the office's review). */
    @POST
    @Path("resubmission")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> resubmit(@PathParam("code") String code, Bodies.Resubmission body, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        Bodies.Resubmission b = body == null ? new Bodies.Resubmission(null, null, null) : body;
        return Json.record(accounts.resubmit(code, token, b.correction()), true);
    }

    @POST
    @Path("mobile-bindings")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response startMobileBinding(@PathParam("code") String code, Bodies.MobileBinding body, @Context HttpServletRequest request) {
        UUID id = accounts.startMobileBinding(code, Requests.bearer(request), Optional.ofNullable(body).map(Bodies.MobileBinding::mobile));
        return Response.status(201).entity(Map.of("id", id.toString())).build();
    }

    @POST
    @Path("mobile-bindings/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> completeMobileBinding(@PathParam("code") String code, @PathParam("id") String id, Bodies.Code body,
            @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        return Json.record(accounts.completeMobileBinding(code, token,
                Requests.id(id, ErrorCode.VERIFICATION_FAILED, "The code, link or answer is wrong, used or expired"), body.code()), true);
    }

    @POST
    @Path("prior-education")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> checkPriorEducation(@PathParam("code") String code, Bodies.PriorEducation body, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        return Json.record(accounts.checkPriorEducation(code, token, body.major(), body.diplomaNumber()), true);
    }

    /** Proof documents may be up to 5 MB: this path alone has a larger body limit (see BodyLimit). */
    @POST
    @Path("prior-education/proof")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> submitProof(@PathParam("code") String code, Bodies.Proof body, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        return Json.record(accounts.submitEducationProof(code, token, Requests.base64(body.document(), "document")), true);
    }

}
