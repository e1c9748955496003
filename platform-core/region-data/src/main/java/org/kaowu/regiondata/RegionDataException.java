package org.kaowu.regiondata;

import java.io.Serial;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A region's data files break rules: every {@link Problem} found, each naming the file, the line and
 * column where known, the position in the document, and the problem, e.g.
 * {@code kaowu-region/calendar.json line 14, column 9 (sittings[0].enrollment[0]): enrollment window closes ... before it opens ...}.
 * The message is that one text when there is one problem, and all of them, numbered, when there are several.
 */
public final class RegionDataException extends Exception {
    @Serial
    private static final long serialVersionUID = 2L;

    /**
     * One broken rule.
     *
     * @param file    relative to the bundle root (e.g. "kaowu-region/calendar.json")
     * @param line    from 1; 0 when the problem is not tied to one line
     * @param column  from 1; 0 when not known
     * @param path    the position in the document (e.g. "sittings[0].enrollment[0]"), "" when not known
     * @param problem what is wrong
     */
    public record Problem(String file, int line, int column, String path, String problem) {
        public Problem {
            path = path == null ? "" : path;
        }

        @Override
        public String toString() {
            return file + (line > 0 ? " line " + line + (column > 0 ? ", column " + column : "") : "")
                    + (path.isEmpty() ? "" : " (" + path + ")") + ": " + problem;
        }
    }

    private final transient List<Problem> problems;

    public RegionDataException(String file, int line, int column, String path, String problem) {
        this(List.of(new Problem(file, line, column, path, problem)));
    }

    /** @param problems at least one */
    public RegionDataException(List<Problem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    private static String message(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a RegionDataException names at least one problem");
        }
        if (problems.size() == 1) {
            return problems.get(0).toString();
        }
        StringBuilder b = new StringBuilder(problems.size() + " problems: ");
        for (int i = 0; i < problems.size(); i++) {
            b.append(i == 0 ? "" : "; ").append(i + 1).append(") ").append(problems.get(i));
        }
        return b.toString();
    }

    /** Every problem found, in the order of the files and within a file in document order. */
    public List<Problem> problems() {
        return problems;
    }

    /** The file of the first problem, relative to the bundle root (e.g. "kaowu-region/calendar.json"). */
    public String file() {
        return problems.get(0).file();
    }

    /** The line of the first problem, from 1; 0 when the problem is not tied to one line. */
    public int line() {
        return problems.get(0).line();
    }

    /** The problems, one text each. */
    public List<String> messages() {
        return problems.stream().map(Problem::toString).collect(Collectors.toList());
    }
}
