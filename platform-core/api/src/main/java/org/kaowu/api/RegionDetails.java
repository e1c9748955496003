package org.kaowu.api;

import java.util.List;
import java.util.Set;

/**
 * Everything the platform knows about one installed region, read from its live services.
 */
public record RegionDetails(
        String code,
        LocalizedText names,
        String bundle,
        String bundleVersion,
        String timeZone,
        List<String> locales,
        Set<IdentityDocumentType> identityDocuments,
        boolean emailRequired,
        List<Office> offices,
        String defaultRegistrationOffice,
        TicketNumberStructure ticketNumber) {
    public RegionDetails {
        locales = List.copyOf(locales);
        identityDocuments = Set.copyOf(identityDocuments);
        offices = List.copyOf(offices);
    }
}
