package org.kaowu.admin.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clauses of an OSGi manifest header ({@code Import-Package}, {@code Require-Capability},
 * {@code Provide-Capability}): comma-separated clauses of semicolon-separated names, attributes
 * ({@code name=value}, {@code name:Type=value}) and directives ({@code name:=value}), quotes respected.
 */
final class ManifestClauses {
    /** One clause: its names (paths or namespace), attributes (type suffix dropped) and directives. */
    record Clause(List<String> names, Map<String, String> attributes, Map<String, String> directives) {
    }

    private ManifestClauses() {
    }

    static List<Clause> parse(String header) {
        List<Clause> result = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return result;
        }
        for (String clause : split(header, ',')) {
            List<String> names = new ArrayList<>();
            Map<String, String> attributes = new LinkedHashMap<>();
            Map<String, String> directives = new LinkedHashMap<>();
            for (String part : split(clause, ';')) {
                int directive = part.indexOf(":=");
                int eq = part.indexOf('=');
                if (directive > 0 && directive < eq + 1) {
                    directives.put(part.substring(0, directive).strip(), unquote(part.substring(directive + 2)));
                } else if (eq > 0) {
                    String key = part.substring(0, eq).strip();
                    int type = key.indexOf(':');
                    attributes.put(type > 0 ? key.substring(0, type).strip() : key, unquote(part.substring(eq + 1)));
                } else if (!part.isBlank()) {
                    names.add(part.strip());
                }
            }
            result.add(new Clause(List.copyOf(names), attributes, directives));
        }
        return result;
    }

    private static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String v) {
        String s = v.strip();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** An LDAP filter for an Import-Package clause: the package, within its version range. */
    static String packageFilter(String name, String range) {
        StringBuilder f = new StringBuilder("(&(osgi.wiring.package=").append(name).append(")");
        if (range != null && !range.isBlank()) {
            String r = range.strip();
            if (r.startsWith("[") || r.startsWith("(")) {
                String[] ends = r.substring(1, r.length() - 1).split(",");
                f.append(r.startsWith("[") ? "(version>=" + ends[0].strip() + ")" : "(!(version<=" + ends[0].strip() + "))");
                f.append(r.endsWith(")") ? "(!(version>=" + ends[1].strip() + "))" : "(version<=" + ends[1].strip() + ")");
            } else {
                f.append("(version>=").append(r).append(")");
            }
        }
        return f.append(")").toString();
    }
}
