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
    /** The header a client answers the human check (CAPTCHA) with: {@code Kaowu-Human-Check: <challenge>:<nonce>}. */
    static final String HUMAN_CHECK = "Kaowu-Human-Check";

    static java.util.Optional<String> humanCheck(HttpServletRequest request) {
        return java.util.Optional.ofNullable(request.getHeader(HUMAN_CHECK));
    }

    /** The client's address, as the throttle believes it (X-Forwarded-For only from trusted proxies). */
    static String client(org.kaowu.api.Throttle throttle, HttpServletRequest request) {
        return throttle.client(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
    }

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

    /** A whole number from a query parameter; JAX-RS would answer 404 for one that does not convert. */
    static int integer(String value, String field) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, field, field + " must be a whole number");
        }
    }

    static char[] chars(String value) {
        return value == null ? null : value.toCharArray();
    }

    /** The enum constant a field names: FIELD_REQUIRED when absent, VALIDATION_FAILED listing the values when unknown. */
    static <E extends Enum<E>> E oneOf(Class<E> type, String value, String field) {
        if (value == null || value.isBlank()) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, field, field + " is required");
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, field, field + " must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** A yes / no decision spelled as two words (APPROVE / REJECT, ACCEPT / REJECT). */
    static boolean decision(String value, String yes, String no) {
        if (yes.equals(value)) {
            return true;
        }
        if (no.equals(value)) {
            return false;
        }
        throw new KaowuException(ErrorCode.VALIDATION_FAILED, "decision", "decision must be " + yes + " or " + no);
    }

    /** An id from a path; one that is not a UUID names nothing, so {@code notFound} is the answer. */
    static java.util.UUID id(String value, ErrorCode notFound, String detail) {
        try {
            return java.util.UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new KaowuException(notFound, detail);
        }
    }

    static KaowuException bodyRequired() {
        return new KaowuException(ErrorCode.FIELD_REQUIRED, "A JSON request body is required");
    }
}
