package org.kaowu.rest.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.ImportRefusedException;
import org.kaowu.api.TicketChoiceRequiredException;
import org.kaowu.api.KaowuException;

/**
 * The one place where failures become HTTP answers: RFC 9457 problem+json with a stable {@code code}
 * and, where one field is at fault, {@code field}. Never a stack trace, never HTML.
 */
final class Problems {
    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    static int status(ErrorCode code) {
        return switch (code) {
            case VALIDATION_FAILED, FIELD_REQUIRED, FIELD_TOO_LONG, INVALID_ID_NUMBER, ID_TYPE_NOT_ACCEPTED,
                    WEAK_PASSWORD, OFFICE_NOT_FOUND, INVALID_TICKET_NUMBER, ASSISTANCE_UNIT_NOT_FOUND -> 400;
            case REGION_NOT_FOUND, CANDIDATE_NOT_FOUND, TICKET_NUMBER_NOT_FOUND, PAYMENT_GATEWAY_NOT_FOUND -> 404;
            case CANDIDATE_ALREADY_REGISTERED, WRONG_STEP, STAFF_ALREADY_EXISTS, LOGIN_NAME_TAKEN, TICKET_NUMBER_HELD -> 409;
            case INVALID_CREDENTIALS, UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case LOCKED_OUT, RATE_LIMITED -> 429;
            case PHOTO_REJECTED, IDENTITY_CHECK_FAILED, PRIOR_EDUCATION_NOT_VERIFIED, DOCUMENT_REJECTED, IMPORT_REFUSED -> 422;
            case VERIFICATION_FAILED, NOT_OFFERED, TICKET_CHOICE_REQUIRED, PAYMENT_CALLBACK_REFUSED -> 400;
            case NOT_ON_FILE -> 404;
            case UPSTREAM_UNAVAILABLE -> 503;
            case REGION_UNAVAILABLE, REGION_LOCKED, CONFLICT_RETRY, REGION_OUT_OF_SERVICE -> 503;
            case SITTING_NOT_FOUND, ENROLLMENT_NOT_FOUND -> 404;
            case ENROLLMENT_CLOSED, ALREADY_ENROLLED, ENROLLMENT_LOCKED, IDENTITY_NOT_CONFIRMED, MOBILE_NOT_BOUND, ENROLLMENT_NOT_PAID -> 409;
            case PAYMENT_GATEWAY_UNAVAILABLE -> 503;
            case DAILY_LOCK -> 503;
            case SESSION_CONFLICT, TOO_MANY_COURSES, COURSE_NOT_IN_MAJOR, COURSE_NOT_EXAMINED, UNKNOWN_MAJOR, UNKNOWN_EXAM_AREA, GROUP_ONLY -> 422;
            case SEAT_ALLOCATION_PUBLISHED, SEATS_INSUFFICIENT, ADMISSION_NOTICE_NOT_AVAILABLE -> 409;
            case SEAT_ALLOCATION_NOT_FOUND, ROOM_NOT_FOUND, ADMISSION_NOTICE_NOT_FOUND -> 404;
            case SCORE_OUT_OF_RANGE, COURSE_NOT_ENROLLED, DUPLICATE_ROW -> 422;
            case SCORE_NOT_FOUND -> 404;
            case SCORES_NOT_PUBLISHED, SCORES_PUBLISHED, RECHECK_CLOSED -> 409;
        };
    }

    static Response of(KaowuException e) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (e instanceof ImportRefusedException refused) {
            // Every line at fault, in line order: {line, field, code, detail}.
            extra.put("errors", refused.errors().stream().map(x -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("line", x.line());
                m.put("field", x.field());
                m.put("code", x.code().name());
                m.put("detail", x.detail());
                return m;
            }).toList());
        }
        if (e instanceof TicketChoiceRequiredException choice) {
            extra.put("choices", choice.choices().stream().map(c -> Map.<String, Object>of("choice", c.choice(),
                    "ticketNumber", c.maskedTicketNumber(), "office", c.office())).toList());
        }
        Response.ResponseBuilder r = build(status(e.code()), e.code().name(), e.getMessage(), e.field().orElse(null), extra);
        if (e.code() == ErrorCode.UNAUTHENTICATED || e.code() == ErrorCode.INVALID_CREDENTIALS) {
            r.header("WWW-Authenticate", "Bearer");
        }
        if (e.retryAfter().isPresent()) {
            r.header("Retry-After", Long.toString(Math.max(1, (e.retryAfter().get().toMillis() + 999) / 1000)));
        } else if (e.code() == ErrorCode.CONFLICT_RETRY || e.code() == ErrorCode.REGION_UNAVAILABLE) {
            r.header("Retry-After", "1");
        }
        return r.build();
    }

    static Response of(int status, String code, String detail, String field) {
        return build(status, code, detail, field).build();
    }

    static Response.ResponseBuilder build(int status, String code, String detail, String field) {
        return build(status, code, detail, field, Map.of());
    }

    static Response.ResponseBuilder build(int status, String code, String detail, String field, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://kaowu.org/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
        body.put("title", title(status));
        body.put("status", status);
        body.put("code", code);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (field != null) {
            body.put("field", field);
        }
        body.putAll(extra);
        return Response.status(status).type(MEDIA_TYPE).entity(body);
    }

    private static String title(int status) {
        Response.Status s = Response.Status.fromStatusCode(status);
        return switch (status) {
            case 413 -> "Content Too Large";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            default -> s == null ? "Error" : s.getReasonPhrase();
        };
    }
}
