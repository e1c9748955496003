package org.kaowu.api.rules;

import java.util.List;

import org.kaowu.api.LocalizedText;

/**
 * A way a region confirms a candidate's identity, with what the method requires (e.g. "photo-capture",
 * "id-card-image", "face-check", "id-photo") and when it applies.
 */
public record ConfirmationMethod(Kind kind, LocalizedText names, List<String> requires, LocalizedText appliesWhen) {
    public ConfirmationMethod {
        Check.present(kind, "confirmation kind");
        Check.present(names, "confirmation names");
        requires = Check.nonEmpty(requires, "confirmation requires");
        Check.present(appliesWhen, "confirmation appliesWhen");
    }

    public enum Kind {
        /** At an office: staff find the candidate, capture the photo and confirm. */
        ON_SITE,
        /** Online: ID card image and face check through an identity verifier. */
        ONLINE,
        /** By the candidate's assistance unit, for its own candidates. */
        ASSISTANCE_UNIT
    }
}
