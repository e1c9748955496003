package org.kaowu.service.internal;

import java.text.Normalizer;
import java.util.Locale;

/** Security answers are compared case- and width-insensitively, without surrounding or repeated spaces. */
final class SecurityAnswers {
    private SecurityAnswers() {
    }

    static String normalise(String answer) {
        return Normalizer.normalize(answer, Normalizer.Form.NFKC).trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
