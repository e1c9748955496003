package org.kaowu.rest.internal;

import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;

/** What resources read from a request besides its body: the bearer token, base64 fields. */
final class Requests {
    private Requests() {
    }

    /** The token of {@code Authorization: Bearer <token>}; UNAUTHENTICATED without one. */
    static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw new KaowuException(ErrorCode.UNAUTHENTICATED, "Authorization: Bearer <token> is required");
        }
        return header.substring(7).trim();
    }

    static byte[] base64(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, field, field + " is required (base64 of the image)");
        }
        try {
            return Base64.getMimeDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, field, field + " is not base64");
        }
    }

    static char[] chars(String value) {
        return value == null ? null : value.toCharArray();
    }

    static KaowuException bodyRequired() {
        return new KaowuException(ErrorCode.FIELD_REQUIRED, "A JSON request body is required");
    }
}
