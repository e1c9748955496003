package org.kaowu.service.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * The texts of the SMS and e-mails a candidate receives, in the candidate's language (the exam language
 * chosen at registration, e.g. Uyghur in a region that offers it), from the bundles
 * {@code candidate-messages*.properties} beside this class (UTF-8); Chinese with English otherwise.
 */
final class CandidateMessages {
    static final String BUNDLE = "org.kaowu.service.internal.candidate-messages";
    static final List<String> KEYS = List.of("sms.bindingCode", "sms.resetCode", "email.reset.subject", "email.reset.body",
            "notice.recheck.corrected", "notice.recheck.unchanged");
    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private CandidateMessages() {
    }

    static ResourceBundle bundle(Optional<String> language) {
        Locale locale = language.filter(l -> !l.isBlank() && !l.startsWith("zh")).map(Locale::forLanguageTag).orElse(Locale.ROOT);
        return ResourceBundle.getBundle(BUNDLE, locale, CandidateMessages.class.getClassLoader(), NO_FALLBACK);
    }

    static String bindingCode(Optional<String> language, String code) {
        return bundle(language).getString("sms.bindingCode").replace("{code}", code);
    }

    static String resetCode(Optional<String> language, String code) {
        return bundle(language).getString("sms.resetCode").replace("{code}", code);
    }

    static String resetSubject(Optional<String> language) {
        return bundle(language).getString("email.reset.subject");
    }

    static String resetBody(Optional<String> language, String link) {
        return bundle(language).getString("email.reset.body").replace("{link}", link);
    }

    /** The outcome of a score re-check: corrected from {before} to {after}, or unchanged. */
    static String recheckOutcome(Optional<String> language, String sitting, String course, String before, String after, boolean corrected) {
        return bundle(language).getString(corrected ? "notice.recheck.corrected" : "notice.recheck.unchanged").replace("{sitting}", sitting)
                .replace("{course}", course).replace("{before}", before).replace("{after}", after);
    }
}
