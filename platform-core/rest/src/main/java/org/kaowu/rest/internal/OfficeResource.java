package org.kaowu.rest.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.OfficeDesk;
import org.kaowu.api.rules.ConfirmationMethod;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The offices' desk over REST (staff Bearer token): search candidates in scope (ID numbers masked in
 * lists; the search text travels in the body, never in the URL), read one record (full, audited), review registrations, confirm identities with a photo, read the
 * audit trail. Candidates are named by id in URLs, never by ID number.
 */
@Component(service = OfficeResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/office")
@Produces(MediaType.APPLICATION_JSON)
public final class OfficeResource {
    private final OfficeDesk desk;

    @Activate
    public OfficeResource(@Reference OfficeDesk desk) {
        this.desk = desk;
    }

    /** A search is a POST: its text may be an ID number, which must not appear in a URL (access logs, proxies). */
    @POST
    @Path("candidate-searches")
    @Consumes(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> search(@PathParam("code") String code, Bodies.Search body, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        Optional<String> text = Optional.ofNullable(body).map(Bodies.Search::text);
        int limit = body == null || body.limit() == null ? 50 : body.limit();
        return desk.search(token, code, text, limit).stream().map(c -> Json.record(c, false)).toList();
    }

    @GET
    @Path("candidates/{id}")
    public Map<String, Object> read(@PathParam("code") String code, @PathParam("id") String id, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        return Json.record(desk.read(token, code, candidate(id)), true);
    }

    @POST
    @Path("candidates/{id}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> review(@PathParam("code") String code, @PathParam("id") String id, Bodies.Review body,
            @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        boolean approve = Requests.decision(body.decision(), "APPROVE", "REJECT");
        return Json.record(desk.review(token, code, candidate(id), approve, Optional.ofNullable(body.reason())), true);
    }

    @POST
    @Path("candidates/{id}/confirmation")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> confirm(@PathParam("code") String code, @PathParam("id") String id, Bodies.Confirmation body,
            @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        ConfirmationMethod.Kind method = Requests.oneOf(ConfirmationMethod.Kind.class, body.method(), "method");
        return Json.record(desk.confirm(token, code, candidate(id), method, Requests.base64(body.photo(), "photo")), true);
    }

    @POST
    @Path("records-on-file")
    @Consumes(MediaType.APPLICATION_JSON)
    public jakarta.ws.rs.core.Response importRecord(@PathParam("code") String code, Bodies.RecordOnFile body, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        desk.importRecordOnFile(token, code, body.name(), body.idNumber(), body.ticketNumber(), body.office());
        return jakarta.ws.rs.core.Response.status(201).build();
    }

    /**
     * A CSV file of records on file (text/csv, UTF-8, header row): checked whole, applied all or nothing;
     * refused with IMPORT_REFUSED and every line at fault in {@code errors}.
     */
    @POST
    @Path("records-on-file")
    @Consumes("text/csv")
    public jakarta.ws.rs.core.Response importRecords(@PathParam("code") String code, java.io.InputStream csv, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        int imported = desk.importRecordsOnFile(token, code, csv);
        return jakarta.ws.rs.core.Response.status(201).entity(Map.of("imported", imported)).type(MediaType.APPLICATION_JSON).build();
    }

    /**
     * An office starts a password reset for a candidate who came in person with their ID: the one-time code
     * is in the answer (this once), for the staff member to hand over.
     */
    @POST
    @Path("candidates/{id}/password-resets")
    @Consumes(MediaType.APPLICATION_JSON)
    public jakarta.ws.rs.core.Response passwordReset(@PathParam("code") String code, @PathParam("id") String id, Bodies.PasswordReset body,
            @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        boolean checked = body != null && Boolean.TRUE.equals(body.identityChecked());
        org.kaowu.api.OfficePasswordReset reset = desk.startPasswordReset(token, code, candidate(id), checked);
        return jakarta.ws.rs.core.Response.status(201).entity(Map.of("recovery", reset.recovery().toString(), "code", reset.code(),
                "expiresAt", reset.expiresAt().toString())).header("Cache-Control", "no-store").build();
    }

    /** An office corrects a registration's data with a reason (audited with before and after). */
    @POST
    @Path("candidates/{id}/corrections")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> correct(@PathParam("code") String code, @PathParam("id") String id, Bodies.Correction body,
            @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        return Json.record(desk.correctRegistration(token, code, candidate(id), body.correction(), body.reason()), true);
    }

    @jakarta.ws.rs.DELETE
    @Path("candidates/{id}/merges/{merge}")
    public Map<String, Object> undoMerge(@PathParam("code") String code, @PathParam("id") String id, @PathParam("merge") String merge,
            @Context HttpServletRequest request) {
        return Json.record(desk.undoMerge(Requests.bearer(request), code, candidate(id), candidate(merge)), true);
    }

    @GET
    @Path("candidates/{id}/prior-education/proof")
    @Produces({"application/pdf", "image/jpeg", MediaType.APPLICATION_JSON})
    public jakarta.ws.rs.core.Response proof(@PathParam("code") String code, @PathParam("id") String id, @Context HttpServletRequest request) {
        OfficeDesk.Document d = desk.educationProof(Requests.bearer(request), code, candidate(id));
        return jakarta.ws.rs.core.Response.ok(d.content(), d.mediaType()).header("Content-Disposition", "attachment")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    @POST
    @Path("candidates/{id}/prior-education/review")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> reviewProof(@PathParam("code") String code, @PathParam("id") String id, Bodies.ProofReview body,
            @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        boolean accept = Requests.decision(body.decision(), "ACCEPT", "REJECT");
        return Json.record(desk.reviewEducationProof(token, code, candidate(id), accept, Optional.ofNullable(body.reason())), true);
    }

    @GET
    @Path("audit")
    public List<Map<String, Object>> audit(@PathParam("code") String code, @QueryParam("subject") String subject,
            @QueryParam("limit") @DefaultValue("100") String limit, @Context HttpServletRequest request) {
        return desk.audit(Requests.bearer(request), code, Optional.ofNullable(subject), Requests.integer(limit, "limit")).stream()
                .map(Json::audit).toList();
    }

    private static java.util.UUID candidate(String id) {
        return Requests.id(id, ErrorCode.CANDIDATE_NOT_FOUND, "No such candidate");
    }
}
