package org.kaowu.rest.internal;

import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsMediaType;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;

/**
 * JSON for every resource (and problem+json for every error), through Jackson. Strict: unknown fields,
 * numbers where text is expected, trailing garbage and control characters in text ({@link TextFields})
 * are refused.
 */
@Component(service = {MessageBodyReader.class, MessageBodyWriter.class})
@JakartarsExtension
@JakartarsName(JsonProvider.NAME)
@JakartarsMediaType({"application/json", Problems.MEDIA_TYPE})
public final class JsonProvider extends JacksonJsonProvider {
    static final String NAME = "kaowu.json";
    static final String SELECT = "(osgi.jakartars.name=" + NAME + ")";

    public JsonProvider() {
        super(mapper());
    }

    static ObjectMapper mapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(new SimpleModule("kaowu-text").addDeserializer(String.class, new TextFields()))
                .build();
        // Strings may be as long as a body may be (base64 images and documents); BodyLimit bounds the whole body.
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(20)
                .maxStringLength(BodyLimit.MAX_UPLOAD_BYTES).build());
        return mapper;
    }
}
