package org.kaowu.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A candidate's record in the authority's earlier system under one ticket number; claimed once a returning candidate takes it up. */
public record RecordOnFile(String region, String ticketNumber, String idNumber, String name, String officeCode, Instant importedAt,
        String importedBy, Optional<UUID> claimedBy) {
    @Override
    public String toString() {
        return "RecordOnFile[region=" + region + ", ticket=" + ticketNumber + "]";
    }
}
