package org.kaowu.rest.internal;

import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code GET /openapi.json}: the OpenAPI 3 description of the whole API. It is written by hand next to
 * the resources; a unit test fails the build when a resource method is missing from it.
 */
@Component(service = OpenApiResource.class)
@JakartarsResource
@JakartarsExtensionSelect(JsonProvider.SELECT)
@Path("openapi.json")
public final class OpenApiResource {
    static final String DOCUMENT = "openapi.json";
    private final byte[] document;

    @Activate
    public OpenApiResource() throws IOException {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IOException("Missing " + DOCUMENT);
            }
            document = in.readAllBytes();
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return Response.ok(document, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
