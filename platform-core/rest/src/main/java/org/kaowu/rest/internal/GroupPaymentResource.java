package org.kaowu.rest.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.GroupPayments;
import org.kaowu.api.KaowuException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Group payment (集体缴费) by a group enrollment point (an assistance unit's staff session): one order for many
 * of its candidates' GROUP enrollments of a sitting, and reading it back.
 */
@Component(service = GroupPaymentResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("regions/{code}/office/group-payments")
@Produces(MediaType.APPLICATION_JSON)
public final class GroupPaymentResource {
    private static final String NOT_FOUND = "No such group payment order";

    private final GroupPayments payments;

    @Activate
    public GroupPaymentResource(@Reference GroupPayments payments) {
        this.payments = payments;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response pay(@PathParam("code") String code, Bodies.GroupPayment body, @Context UriInfo uri, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        if (body == null) {
            throw Requests.bodyRequired();
        }
        List<UUID> ids = new ArrayList<>();
        if (body.enrollments() != null) {
            for (String id : body.enrollments()) {
                try {
                    ids.add(UUID.fromString(String.valueOf(id)));
                } catch (IllegalArgumentException e) {
                    throw new KaowuException(ErrorCode.VALIDATION_FAILED, "enrollments", "Not an enrollment id: " + id);
                }
            }
        }
        GroupPayments.GroupOrder order = payments.pay(code, token, body.sitting(), ids, uri.getBaseUri());
        URI location = uri.getAbsolutePathBuilder().path(order.paymentId()).build();
        return Response.created(location).entity(json(order)).build();
    }

    @GET
    @Path("{id}")
    public Map<String, Object> get(@PathParam("code") String code, @PathParam("id") String id, @Context HttpServletRequest request) {
        String token = Requests.bearer(request);
        return json(payments.get(code, token, Requests.id(id, ErrorCode.ENROLLMENT_NOT_FOUND, NOT_FOUND).toString()));
    }

    private static Map<String, Object> json(GroupPayments.GroupOrder order) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("paymentId", order.paymentId());
        body.put("sitting", order.sitting());
        body.put("assistanceUnit", order.assistanceUnit());
        body.put("status", order.status());
        body.put("amount", Map.of("value", order.amount().toPlainString(), "currency", order.currency()));
        body.put("payUrl", order.payUrl() == null ? null : order.payUrl().toString());
        body.put("expiresAt", order.expiresAt().toString());
        body.put("enrollments", order.enrollments().stream().map(UUID::toString).toList());
        return body;
    }
}
