package org.kaowu.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A domain failure with a stable {@link ErrorCode} and, where one field is at fault, its name.
 * Messages never contain personal data (ID numbers, names, passwords).
 */
public class KaowuException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String field;
    private final Duration retryAfter;

    public KaowuException(ErrorCode code, String message) {
        this(code, null, message);
    }

    public KaowuException(ErrorCode code, String field, String message) {
        this(code, field, message, null);
    }

    /** A failure that goes away by itself after {@code retryAfter} (e.g. a daily lock). */
    public KaowuException(ErrorCode code, String field, String message, Duration retryAfter) {
        super(message);
        this.code = Objects.requireNonNull(code);
        this.field = field;
        this.retryAfter = retryAfter;
    }

    /** How long until the same request may succeed, where that is known. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public ErrorCode code() {
        return code;
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
