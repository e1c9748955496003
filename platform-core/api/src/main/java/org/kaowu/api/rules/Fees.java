package org.kaowu.api.rules;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A region's fee schedule. {@code sample} marks amounts that are examples rather than the authority's
 * published figures (the public seeds give none for some regions).
 */
public record Fees(String currency, boolean sample, List<Fee> fees) {
    private static final Pattern ISO_4217 = Pattern.compile("[A-Z]{3}");

    public Fees {
        if (currency == null || !ISO_4217.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency '" + currency + "' must be an ISO 4217 code such as CNY");
        }
        fees = Check.list(fees, "fees");
        Check.unique(fees, Fee::code, "fee code");
    }
}
