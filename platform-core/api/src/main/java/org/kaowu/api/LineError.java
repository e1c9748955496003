package org.kaowu.api;

/**
 * One fault of an imported file: its line (1 is the header), the column at fault where one is, a stable
 * code and a detail without personal data.
 */
public record LineError(int line, String field, ErrorCode code, String detail) {
}
