package org.kaowu.api.rules;

import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;

import org.kaowu.api.LocalizedText;

/**
 * How long a passed course score counts (a provincial policy): forever, or a period from the pass
 * certificate date (e.g. 8 years).
 */
public record ScoreValidity(Optional<Period> validFor, LocalizedText note) {
    public ScoreValidity {
        Check.present(validFor, "validFor");
        Check.present(note, "score validity note");
        validFor.ifPresent(p -> {
            if (p.isNegative() || p.isZero()) {
                throw new IllegalArgumentException("score validity " + p + " must be positive, or absent for no expiry");
            }
        });
    }

    /** Whether a score passed on {@code passedOn} still counts on {@code today}. */
    public boolean counts(LocalDate passedOn, LocalDate today) {
        return validFor.map(p -> today.isBefore(passedOn.plus(p))).orElse(true);
    }
}
