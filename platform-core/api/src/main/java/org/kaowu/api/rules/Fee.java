package org.kaowu.api.rules;

import java.math.BigDecimal;

import org.kaowu.api.LocalizedText;

/** One fee a region charges, in the schedule's currency, and what it is charged for. */
public record Fee(String code, LocalizedText names, BigDecimal amount, Basis basis) {
    public Fee {
        Check.code(code, "fee code");
        Check.present(names, "fee names");
        Check.present(amount, "fee " + code + " amount");
        if (amount.signum() < 0 || amount.scale() > 2) {
            throw new IllegalArgumentException("fee " + code + " amount " + amount.toPlainString() + " must be 0 or more, with at most 2 decimals");
        }
        Check.present(basis, "fee " + code + " basis");
    }

    public enum Basis {
        PER_COURSE,
        PER_ENROLLMENT,
        PER_APPLICATION
    }
}
