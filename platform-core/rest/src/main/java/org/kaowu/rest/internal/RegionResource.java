package org.kaowu.rest.internal;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.kaowu.api.Throttle;
import org.kaowu.api.CandidateRegistration;
import org.kaowu.api.CandidateRegistry;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.KaowuException;
import org.kaowu.api.RegionDirectory;
import org.kaowu.api.ReturningRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Regions, candidate registration and the public ticket-number lookup.
 */
@Component(service = RegionResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions")
@Produces(MediaType.APPLICATION_JSON)
public final class RegionResource {

    private static final String NOT_FOUND = "No candidate with a ticket number matches this name and ID number";

    private final RegionDirectory regions;
    private final CandidateRegistry candidates;
    private final Throttle throttle;

    @Activate
    public RegionResource(@Reference RegionDirectory regions, @Reference CandidateRegistry candidates, @Reference Throttle throttle) {
        this.regions = regions;
        this.candidates = candidates;
        this.throttle = throttle;
    }

    @GET
    public List<Map<String, Object>> list() {
        return regions.regions().stream().map(Json::summary).toList();
    }

    @GET
    @Path("{code}")
    public Map<String, Object> region(@PathParam("code") String code) {
        return regions.region(code).map(Json::details).orElseThrow(() -> regionNotFound(code));
    }

    @GET
    @Path("{code}/sittings/{sitting}")
    public Map<String, Object> sitting(@PathParam("code") String code, @PathParam("sitting") String sitting) {
        return regions.region(code).orElseThrow(() -> regionNotFound(code)).calendar().sittings().stream()
                .filter(s -> s.code().equals(sitting)).findFirst().map(Json::sitting)
                .orElseThrow(() -> new KaowuException(ErrorCode.SITTING_NOT_FOUND, "Region " + code + " has no sitting " + sitting));
    }

    @POST
    @Path("{code}/candidates")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(@PathParam("code") String code, RegistrationBody body, @Context UriInfo uri, @Context HttpServletRequest request) {
        if (body == null) {
            throw bodyRequired();
        }
        // A refusal says whether an ID number or e-mail is registered: limited per address.
        throttle.require(Throttle.Budget.REGISTRATION_PER_ADDRESS, Requests.client(throttle, request));
        char[] password = body.password() == null ? null : body.password().toCharArray();
        try {
            var registered = candidates.register(code, new CandidateRegistration(body.name(), idType(body.idType()),
                    body.idNumber(), body.mobile(), Optional.ofNullable(body.email()), password, Optional.ofNullable(body.office()),
                    Optional.ofNullable(body.securityQuestion()), Optional.ofNullable(body.securityAnswer()),
                    Optional.ofNullable(body.assistanceUnit()), Optional.ofNullable(body.examLanguage())));
            URI location = uri.getBaseUriBuilder().path("regions").path(code).path("candidates")
                    .path(registered.id().toString()).build();
            return Response.created(location).entity(Json.candidate(registered)).build();
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** A returning candidate takes up their records on file (and chooses which ticket number to keep). */
    @POST
    @Path("{code}/returning-candidates")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response registerReturning(@PathParam("code") String code, Bodies.Returning body, @Context UriInfo uri,
            @Context HttpServletRequest request) {
        if (body == null) {
            throw bodyRequired();
        }
        // NOT_ON_FILE and "already registered" tell whether an ID number is known: limited like new registrations.
        throttle.require(Throttle.Budget.REGISTRATION_PER_ADDRESS, Requests.client(throttle, request));
        char[] password = body.password() == null ? null : body.password().toCharArray();
        try {
            var registered = candidates.registerReturning(code, new ReturningRegistration(body.name(), idType(body.idType()), body.idNumber(),
                    body.mobile(), Optional.ofNullable(body.email()), password, Optional.ofNullable(body.ticketNumber()),
                    Optional.ofNullable(body.securityQuestion()), Optional.ofNullable(body.securityAnswer()),
                    Optional.ofNullable(body.examLanguage()), Optional.ofNullable(body.ticketChoice())));
            URI location = uri.getBaseUriBuilder().path("regions").path(code).path("candidates").path(registered.id().toString()).build();
            return Response.created(location).entity(Json.candidate(registered)).build();
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    @GET
    @Path("{code}/candidates/{id}")
    public Map<String, Object> candidate(@PathParam("code") String code, @PathParam("id") String id) {
        UUID uuid = Requests.id(id, ErrorCode.CANDIDATE_NOT_FOUND, "No such candidate");
        return candidates.find(code, uuid).map(Json::candidate)
                .orElseThrow(() -> new KaowuException(ErrorCode.CANDIDATE_NOT_FOUND, "No such candidate"));
    }

    @POST
    @Path("{code}/ticket-number-lookups")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> lookup(@PathParam("code") String code, LookupBody body, @Context HttpServletRequest request) {
        if (body == null) {
            throw bodyRequired();
        }
        String client = Requests.client(throttle, request);
        throttle.require(Throttle.Budget.LOOKUP_PER_ADDRESS, client);
        throttle.require(Throttle.Budget.LOOKUP_PER_ID_NUMBER, code + ":" + body.idNumber());
        // The human check's answer is checked, and spent in the commit of the lookup's audit entry.
        List<String> tickets = candidates.lookupTicketNumbers(code, body.name(), body.idNumber(), client, Requests.humanCheck(request));
        if (tickets.isEmpty()) {
            throw new KaowuException(ErrorCode.TICKET_NUMBER_NOT_FOUND, NOT_FOUND);
        }
        // ticketNumber: the one number (the first, when the earlier system gave several, all in ticketNumbers).
        return Map.of("ticketNumber", tickets.get(0), "ticketNumbers", tickets);
    }

    private static IdentityDocumentType idType(String value) {
        return Requests.oneOf(IdentityDocumentType.class, value, "idType");
    }

    private static KaowuException regionNotFound(String code) {
        return new KaowuException(ErrorCode.REGION_NOT_FOUND, "No region " + code + " is installed");
    }

    private static KaowuException bodyRequired() {
        return new KaowuException(ErrorCode.FIELD_REQUIRED, "A JSON request body is required");
    }
}
