package org.kaowu.api;

import java.util.List;

/**
 * An import refused whole ({@link ErrorCode#IMPORT_REFUSED}): every line at fault is listed, and nothing of
 * the file was applied.
 */
public class ImportRefusedException extends KaowuException {
    private static final long serialVersionUID = 1L;

    private final transient List<LineError> errors;

    public ImportRefusedException(String message, List<LineError> errors) {
        super(ErrorCode.IMPORT_REFUSED, message);
        this.errors = List.copyOf(errors);
    }

    /** The faults, in line order. */
    public List<LineError> errors() {
        return errors;
    }
}
