package org.kaowu.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.Payments;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code POST /payment-callbacks/{gateway}}: where payment gateways post their signed notifications. The
 * body is taken as raw bytes (a signature is over bytes, not over parsed JSON) and handed with the headers
 * to the gateway's plugin through {@link Payments}; the answer is the acknowledgement the gateway expects,
 * or problem+json (400 PAYMENT_CALLBACK_REFUSED, 404 PAYMENT_GATEWAY_NOT_FOUND) with nothing changed.
 */
@Component(service = PaymentCallbackResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("payment-callbacks/{gateway}")
public final class PaymentCallbackResource {
    private final Payments payments;

    @Activate
    public PaymentCallbackResource(@Reference Payments payments) {
        this.payments = payments;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response callback(@PathParam("gateway") String gateway, @Context HttpHeaders headers, byte[] body) {
        if (!gateway.matches("[a-z0-9-]{1,32}")) {
            throw new KaowuException(ErrorCode.PAYMENT_GATEWAY_NOT_FOUND, "No such payment gateway is installed");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> copy.put(name, new ArrayList<>(values)));
        Payments.CallbackReceipt receipt = payments.receiveCallback(gateway, copy, body == null ? new byte[0] : body);
        return Response.ok(receipt.acknowledgement(), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").build();
    }
}
