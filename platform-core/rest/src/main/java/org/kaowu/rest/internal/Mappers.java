package org.kaowu.rest.internal;

import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import org.kaowu.api.KaowuException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/** Exception mappers: every failure leaves as problem+json. */
final class Mappers {
    private Mappers() {
    }

    /** Domain failures carry their own code. */
    @Component(service = ExceptionMapper.class)
    @JakartarsExtension
    @JakartarsName("kaowu.problems.domain")
    @JakartarsExtensionSelect(JsonProvider.SELECT)
    public static final class Domain implements ExceptionMapper<KaowuException> {
        @Override
        public Response toResponse(KaowuException e) {
            return Problems.of(e);
        }
    }

    /** Malformed or mistyped JSON. */
    @Component(service = ExceptionMapper.class)
    @JakartarsExtension
    @JakartarsName("kaowu.problems.json")
    @JakartarsExtensionSelect(JsonProvider.SELECT)
    public static final class Json implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            if (e instanceof StreamConstraintsException) {
                return Problems.of(400, "VALIDATION_FAILED", "A JSON value exceeds the allowed size or depth", null);
            }
            if (e instanceof JsonParseException) {
                return Problems.of(400, "MALFORMED_JSON", "The request body is not valid JSON", null);
            }
            if (e instanceof TextFields.ControlCharacter c) {
                return Problems.of(400, "VALIDATION_FAILED", c.getOriginalMessage(), c.field());
            }
            if (e instanceof UnrecognizedPropertyException u) {
                return Problems.of(400, "VALIDATION_FAILED", "Unknown field '" + u.getPropertyName() + "'", u.getPropertyName());
            }
            if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
                String field = m.getPath().get(m.getPath().size() - 1).getFieldName();
                return Problems.of(400, "VALIDATION_FAILED", "Field '" + field + "' has the wrong type", field);
            }
            return Problems.of(400, "VALIDATION_FAILED", "The request body must be one JSON object", null);
        }
    }

    /** JAX-RS' own answers (404 no such path, 405, 406, 415, 413 ...), as problems. */
    @Component(service = ExceptionMapper.class)
    @JakartarsExtension
    @JakartarsName("kaowu.problems.http")
    @JakartarsExtensionSelect(JsonProvider.SELECT)
    public static final class Http implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            if (e.getResponse().getMediaType() != null && Problems.MEDIA_TYPE.equals(e.getResponse().getMediaType().toString())) {
                return e.getResponse();
            }
            int status = e.getResponse().getStatus();
            String code = switch (status) {
                case 404 -> "NOT_FOUND";
                case 405 -> "METHOD_NOT_ALLOWED";
                case 406 -> "NOT_ACCEPTABLE";
                case 413 -> "PAYLOAD_TOO_LARGE";
                case 415 -> "UNSUPPORTED_MEDIA_TYPE";
                default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
            };
            Response.ResponseBuilder r = Problems.build(status, code, status >= 500 ? null : e.getMessage(), null);
            e.getResponse().getHeaders().forEach((name, values) -> {
                if (name.equalsIgnoreCase("Allow") || name.equalsIgnoreCase("Retry-After")) {
                    values.forEach(v -> r.header(name, v));
                }
            });
            return r.build();
        }
    }

    /** Anything else is our fault: log it with an incident id, tell the client only the id. */
    @Component(service = ExceptionMapper.class)
    @JakartarsExtension
    @JakartarsName("kaowu.problems.unexpected")
    @JakartarsExtensionSelect(JsonProvider.SELECT)
    public static final class Unexpected implements ExceptionMapper<Throwable> {
        private static final Logger LOG = LoggerFactory.getLogger(Unexpected.class);

        @Override
        public Response toResponse(Throwable e) {
            String incident = UUID.randomUUID().toString();
            LOG.error("Incident {}: unexpected failure", incident, e);
            return Problems.of(500, "INTERNAL_ERROR", "Internal error; incident " + incident, null);
        }
    }
}
