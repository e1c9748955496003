package org.kaowu.rest.internal;

import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * The texts of problem details ({@code title}, {@code detail}) by stable code, in the language the client
 * accepts: Chinese (zh-CN) by default, English, and the languages of the regions (Uyghur) from the
 * message bundles {@code problems*.properties} beside this class (UTF-8). The {@code code} never changes.
 */
final class ProblemTexts {
    static final String BUNDLE = "org.kaowu.rest.internal.problems";
    /** The languages there are texts for; the first is the default. */
    static final List<String> LANGUAGES = List.of("zh", "en", "ug");
    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private ProblemTexts() {
    }

    /** The first of the client's languages (by preference) that there are texts for, else Chinese. */
    static String language(List<Locale> acceptable) {
        for (Locale l : acceptable) {
            if (LANGUAGES.contains(l.getLanguage())) {
                return l.getLanguage();
            }
        }
        return LANGUAGES.get(0);
    }

    /** The BCP 47 tag the answer is in, for Content-Language. */
    static String tag(String language) {
        return "zh".equals(language) ? "zh-CN" : language;
    }

    static ResourceBundle bundle(String language) {
        Locale locale = "zh".equals(language) ? Locale.ROOT : Locale.forLanguageTag(language);
        return ResourceBundle.getBundle(BUNDLE, locale, ProblemTexts.class.getClassLoader(), NO_FALLBACK);
    }

    static Optional<String> text(String language, String code, String part) {
        try {
            return Optional.of(bundle(language).getString(code + "." + part));
        } catch (MissingResourceException e) {
            return Optional.empty();
        }
    }

    /** The title of {@code code} in {@code language}; empty for a code without texts. */
    static Optional<String> title(String language, String code) {
        return text(language, code, "title");
    }

    /**
     * The detail: in English the failure's own message where there is one (it says exactly what went
     * wrong), otherwise the code's text in the language.
     */
    static Optional<String> detail(String language, String code, String message) {
        if ("en".equals(language) && message != null && !message.isBlank()) {
            return Optional.of(message);
        }
        Optional<String> text = text(language, code, "detail");
        if ("INTERNAL_ERROR".equals(code) && message != null && text.isPresent()) {
            return Optional.of(text.get() + " (" + message + ")"); // keeps the incident id
        }
        return text;
    }
}
