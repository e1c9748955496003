package org.kaowu.api;

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

    public KaowuException(ErrorCode code, String message) {
        this(code, null, message);
    }

    public KaowuException(ErrorCode code, String field, String message) {
        super(message);
        this.code = Objects.requireNonNull(code);
        this.field = field;
    }

    public ErrorCode code() {
        return code;
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
