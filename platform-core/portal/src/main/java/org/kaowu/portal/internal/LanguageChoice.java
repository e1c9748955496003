package org.kaowu.portal.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which language a page is shown in: {@code ?lang=} when it names one the portal has, else the remembered
 * choice (the {@code kaowu-lang} cookie, a preference, not a secret), else the best of the browser's
 * {@code Accept-Language} among the languages the portal has, else the default (zh-CN).
 */
final class LanguageChoice {
    static final String DEFAULT = "zh-CN";
    static final String COOKIE = "kaowu-lang";

    private LanguageChoice() {
    }

    /** @param available language tags of the core bundles */
    static String choose(Optional<String> query, Optional<String> cookie, Optional<String> acceptLanguage, Set<String> available) {
        Optional<String> asked = query.flatMap(q -> match(q, available));
        if (asked.isPresent()) {
            return asked.get();
        }
        Optional<String> remembered = cookie.flatMap(c -> match(c, available));
        if (remembered.isPresent()) {
            return remembered.get();
        }
        return acceptLanguage.flatMap(a -> fromAcceptLanguage(a, available)).orElse(available.contains(DEFAULT) ? DEFAULT
                : available.stream().findFirst().orElse(DEFAULT));
    }

    /** A tag the portal has for {@code tag}: the same tag (any case), or the one with the same primary language. */
    static Optional<String> match(String tag, Set<String> available) {
        String t = tag.strip();
        if (t.isEmpty() || t.length() > 35 || !t.matches("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")) {
            return Optional.empty();
        }
        for (String a : available) {
            if (a.equalsIgnoreCase(t)) {
                return Optional.of(a);
            }
        }
        String primary = t.split("-")[0].toLowerCase(Locale.ROOT);
        return available.stream().filter(a -> a.split("-")[0].equalsIgnoreCase(primary)).sorted().findFirst();
    }

    static Optional<String> fromAcceptLanguage(String header, Set<String> available) {
        record Weighted(String tag, double q, int order) {
        }
        List<Weighted> ranges = new ArrayList<>();
        String[] parts = header.split(",");
        for (int i = 0; i < parts.length && i < 20; i++) {
            String[] p = parts[i].strip().split(";");
            double q = 1;
            for (int j = 1; j < p.length; j++) {
                String param = p[j].strip();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > 0 && !p[0].isBlank()) {
                ranges.add(new Weighted(p[0].strip(), q, i));
            }
        }
        ranges.sort(Comparator.comparingDouble((Weighted w) -> -w.q()).thenComparingInt(Weighted::order));
        for (Weighted w : ranges) {
            Optional<String> m = match(w.tag(), available);
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }
}
