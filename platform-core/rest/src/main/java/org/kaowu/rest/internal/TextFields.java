package org.kaowu.rest.internal;

import java.io.IOException;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Every text field of every JSON request body passes here: control characters (C0 but for tab, line feed
 * and carriage return in the free-text fields that may hold several lines, DEL, C1) are refused, so a NUL
 * never reaches the store, a log line or another system. Field-specific rules (names, numbers) stay with
 * the domain.
 */
final class TextFields extends StdScalarDeserializer<String> {
    private static final long serialVersionUID = 1L;
    /** Fields whose text may run over several lines (review reasons). */
    private static final Set<String> MULTILINE = Set.of("reason");

    TextFields() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String value = StringDeserializer.instance.deserialize(p, ctxt);
        if (value != null) {
            String field = p.currentName();
            boolean lines = field != null && MULTILINE.contains(field);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.getType(c) == Character.CONTROL && !(lines && (c == '\t' || c == '\n' || c == '\r'))) {
                    throw new ControlCharacter(p, field, c);
                }
            }
        }
        return value;
    }

    /** A text field holds a control character: 400 VALIDATION_FAILED naming the field (see Mappers.Json). */
    static final class ControlCharacter extends MismatchedInputException {
        private static final long serialVersionUID = 1L;
        private final String field;

        ControlCharacter(JsonParser p, String field, char c) {
            super(p, String.format("Field '%s' contains the control character U+%04X", field, (int) c), String.class);
            this.field = field;
        }

        String field() {
            return field;
        }
    }
}
