package org.kaowu.regiondata;

import java.io.Serial;

/**
 * A region data file breaks a rule. The message names the file, the line and column where known, the
 * position in the document, and the problem, e.g.
 * {@code kaowu-region/calendar.json line 14, column 9 (sittings[0].enrollment[0]): enrollment window closes ... before it opens ...}.
 */
public final class RegionDataException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public RegionDataException(String file, int line, int column, String path, String problem) {
        super(file + (line > 0 ? " line " + line + (column > 0 ? ", column " + column : "") : "")
                + (path == null || path.isEmpty() ? "" : " (" + path + ")") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** The file, relative to the bundle root (e.g. "kaowu-region/calendar.json"). */
    public String file() {
        return file;
    }

    /** The line, from 1; 0 when the problem is not tied to one line. */
    public int line() {
        return line;
    }
}
