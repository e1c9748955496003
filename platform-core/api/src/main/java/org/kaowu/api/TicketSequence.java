package org.kaowu.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Gap-free counters kept by the platform's database, one per (region, scope), used to build ticket
 * numbers. Every call happens inside the transaction that stores the candidate, so a failed
 * registration does not consume a number.
 */
@ProviderType
public interface TicketSequence {
    /**
     * @param scope a region-chosen key, e.g. "2026-500103" for year and county
     * @return the next value in that scope, starting at 1
     */
    long next(String scope);
}
