package org.kaowu.service.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.ImportRefusedException;
import org.kaowu.api.LineError;

/**
 * A CSV file as offices export it (RFC 4180: comma separated, fields in double quotes may hold commas,
 * quotes doubled, and line breaks), UTF-8 with or without a byte-order mark, a header row naming the
 * columns. Each row keeps the line it starts on (the header is line 1), so every fault can name its
 * line. A file that cannot be read as such is refused whole with the lines at fault.
 */
final class CsvFile {
    /** A data row: the line it starts on and its values by column name. */
    record Row(int line, Map<String, String> values) {
        String get(String column) {
            return values.get(column);
        }
    }

    private CsvFile() {
    }

    /**
     * Reads the rows. Column names match case-insensitively; every one of {@code columns} must be there and
     * no other. Empty lines are skipped.
     *
     * @throws ImportRefusedException for bytes that are not UTF-8, a header without the columns, rows with
     *         the wrong number of fields, an unclosed quote, or more than {@code maxRows} rows
     */
    static List<Row> read(InputStream in, List<String> columns, int maxRows) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new org.kaowu.api.KaowuException(ErrorCode.VALIDATION_FAILED, "The file could not be read");
        }
        String text = decode(bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<int[]> starts = new ArrayList<>();
        List<List<String>> records = split(text, starts);
        if (records.isEmpty()) {
            throw refused(List.of(new LineError(1, null, ErrorCode.FIELD_REQUIRED, "The file is empty: a header row is required")));
        }
        List<LineError> errors = new ArrayList<>();
        List<String> header = records.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        Map<String, String> known = new LinkedHashMap<>();
        columns.forEach(c -> known.put(c.toLowerCase(Locale.ROOT), c));
        for (String h : header) {
            if (!known.containsKey(h)) {
                errors.add(new LineError(1, null, ErrorCode.VALIDATION_FAILED, "Unknown column '" + h + "'; the columns are " + columns));
            }
        }
        for (String c : known.keySet()) {
            if (!header.contains(c)) {
                errors.add(new LineError(1, known.get(c), ErrorCode.FIELD_REQUIRED, "The header has no column '" + known.get(c) + "'"));
            }
        }
        if (Set.copyOf(header).size() != header.size()) {
            errors.add(new LineError(1, null, ErrorCode.VALIDATION_FAILED, "A column is named twice in the header"));
        }
        if (!errors.isEmpty()) {
            throw refused(errors);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> r = records.get(i);
            int line = starts.get(i)[0];
            if (r.size() == 1 && r.get(0).isBlank()) {
                continue;
            }
            if (r.size() != header.size()) {
                errors.add(new LineError(line, null, ErrorCode.VALIDATION_FAILED, "The row has " + r.size() + " fields, the header " + header.size()));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                values.put(known.get(header.get(c)), r.get(c).strip());
            }
            rows.add(new Row(line, values));
        }
        if (rows.size() > maxRows) {
            errors.add(0, new LineError(1, null, ErrorCode.VALIDATION_FAILED, "At most " + maxRows + " rows in one file; this one has " + rows.size()));
        }
        if (!errors.isEmpty()) {
            throw refused(errors);
        }
        return rows;
    }

    static ImportRefusedException refused(List<LineError> errors) {
        return new ImportRefusedException(errors.size() + (errors.size() == 1 ? " error" : " errors") + "; nothing was imported", errors);
    }

    /** Strict UTF-8: bytes that are not are the fault of the line they are on. */
    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            List<LineError> errors = new ArrayList<>();
            int line = 1;
            int from = 0;
            for (int i = 0; i <= bytes.length; i++) {
                if (i == bytes.length || bytes[i] == '\n') {
                    try {
                        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from, i - from));
                    } catch (CharacterCodingException bad) {
                        errors.add(new LineError(line, null, ErrorCode.VALIDATION_FAILED, "The line is not UTF-8 text (save the file as UTF-8)"));
                    }
                    line++;
                    from = i + 1;
                }
            }
            throw refused(errors);
        }
    }

    /** Splits text into records of fields; {@code starts} receives each record's first line. */
    private static List<List<String>> split(String text, List<int[]> starts) {
        List<List<String>> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean any = false;
        int quoteLine = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
                continue;
            }
            switch (ch) {
                case '"' -> {
                    quoted = true;
                    quoteLine = line;
                    any = true;
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    any = true;
                }
                case '\r' -> {
                    // part of CRLF; a lone CR is dropped as well
                }
                case '\n' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    out.add(fields);
                    starts.add(new int[] {recordLine});
                    fields = new ArrayList<>();
                    line++;
                    recordLine = line;
                    any = false;
                }
                default -> {
                    field.append(ch);
                    any = true;
                }
            }
        }
        if (quoted) {
            throw refused(List.of(new LineError(quoteLine, null, ErrorCode.VALIDATION_FAILED, "A quoted field is not closed")));
        }
        if (any || field.length() > 0) {
            fields.add(field.toString());
            out.add(fields);
            starts.add(new int[] {recordLine});
        }
        return out;
    }

    /** The value, or empty when blank. */
    static Optional<String> value(Row row, String column) {
        return Optional.ofNullable(row.get(column)).filter(v -> !v.isBlank());
    }
}
