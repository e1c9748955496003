package org.kaowu.rest.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;
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
import jakarta.ws.rs.core.UriInfo;

import org.kaowu.api.CandidateEnrollments;
import org.kaowu.api.CourseChoice;
import org.kaowu.api.EnrollmentPayments;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.PaymentMethod;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * A candidate's enrollments (报考), in the strict sequence: create for a sitting, then majors, courses,
 * exam area and payment method (Authorization: Bearer, the candidate's session). Paying is the payment
 * capability's ({@code POST …/{id}/payments}).
 */
@Component(service = EnrollmentResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/candidates/me/enrollments")
@Produces(MediaType.APPLICATION_JSON)
public final class EnrollmentResource {
    private static final String NOT_FOUND = "No such enrollment";

    private final CandidateEnrollments enrollments;
    private final EnrollmentPayments payments;

    @Activate
    public EnrollmentResource(@Reference CandidateEnrollments enrollments, @Reference EnrollmentPayments payments) {
        this.enrollments = enrollments;
        this.payments = payments;
    }

    private static UUID id(String id) {
        return Requests.id(id, ErrorCode.ENROLLMENT_NOT_FOUND, NOT_FOUND);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("code") String code, Bodies.EnrollmentStart body, @Context UriInfo uri, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        var created = enrollments.create(code, token, body.sitting());
        URI location = uri.getAbsolutePathBuilder().path(created.id().toString()).build();
        return Response.created(location).entity(Json.enrollment(created)).build();
    }

    @GET
    public List<Map<String, Object>> list(@PathParam("code") String code, @Context HttpServletRequest request) {
        return enrollments.list(code, Requests.bearer(request)).stream().map(Json::enrollment).toList();
    }

    @GET
    @Path("{id}")
    public Map<String, Object> get(@PathParam("code") String code, @PathParam("id") String id, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        return Json.enrollment(enrollments.get(code, token, id(id)));
    }

    @PUT
    @Path("{id}/majors")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> majors(@PathParam("code") String code, @PathParam("id") String id, Bodies.Majors body,
            @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        return Json.enrollment(enrollments.chooseMajors(code, token, id(id), body.majors()));
    }

    @PUT
    @Path("{id}/courses")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> courses(@PathParam("code") String code, @PathParam("id") String id, Bodies.Courses body,
            @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        List<CourseChoice> choices = body.courses() == null ? List.of()
                : body.courses().stream().map(c -> c == null ? null : new CourseChoice(c.major(), c.course())).toList();
        return Json.enrollment(enrollments.chooseCourses(code, token, id(id), choices));
    }

    @PUT
    @Path("{id}/exam-area")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> examArea(@PathParam("code") String code, @PathParam("id") String id, Bodies.ExamArea body,
            @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        return Json.enrollment(enrollments.chooseExamArea(code, token, id(id), body.examArea()));
    }

    @PUT
    @Path("{id}/payment-method")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> paymentMethod(@PathParam("code") String code, @PathParam("id") String id, Bodies.Method body,
            @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        return Json.enrollment(enrollments.choosePaymentMethod(code, token, id(id), Requests.oneOf(PaymentMethod.class, body.method(), "method")));
    }

    /** Pay: locks the enrollment and answers its one payment order (the same however often asked). Any JSON body (e.g. {}) or none. */
    @POST
    @Path("{id}/payments")
    public Response pay(@PathParam("code") String code, @PathParam("id") String id, @Context UriInfo uri, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        EnrollmentPayments.PaymentOrder order = payments.pay(code, token, id(id), uri.getBaseUri());
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("paymentId", order.paymentId());
        body.put("amount", Map.of("value", order.amount().toPlainString(), "currency", order.currency()));
        body.put("payUrl", order.payUrl().toString());
        body.put("expiresAt", order.expiresAt().toString());
        return Response.status(Response.Status.CREATED).entity(body).build();
    }

    @GET
    @Path("{id}/confirmation.pdf")
    @Produces({"application/pdf", MediaType.APPLICATION_JSON})
    public Response confirmation(@PathParam("code") String code, @PathParam("id") String id, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        byte[] pdf = payments.confirmation(code, token, id(id));
        return Response.ok(pdf, "application/pdf").header("Content-Disposition", "inline; filename=\"confirmation.pdf\"")
                .header("Cache-Control", "no-store").build();
    }
}
