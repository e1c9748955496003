package org.kaowu.api.rules;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The argument checks the rule values share; each failure is a sentence a data author can act on. */
final class Check {
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Check() {
    }

    static <T> T present(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    static String code(String value, String name) {
        present(value, name);
        if (!CODE.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " '" + value + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return value;
    }

    static <T> List<T> list(List<T> values, String name) {
        present(values, name);
        if (values.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException(name + " must not contain null");
        }
        return List.copyOf(values);
    }

    static <T> List<T> nonEmpty(List<T> values, String name) {
        List<T> copy = list(values, name);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return copy;
    }

    static int atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", not " + value);
        }
        return value;
    }

    static <T> void unique(Collection<T> values, Function<T, String> key, String what) {
        Set<String> seen = new HashSet<>();
        for (T value : values) {
            if (!seen.add(key.apply(value))) {
                throw new IllegalArgumentException(what + " '" + key.apply(value) + "' appears twice");
            }
        }
    }
}
