package org.kaowu.spi;

import java.time.LocalDate;

import org.kaowu.api.IdentityDocumentType;

/**
 * What a {@link TicketNumberFormat} knows when it issues a number: the registration date in the region's
 * time zone, the registration office code and the identity document type.
 */
public record TicketRequest(LocalDate registeredOn, String officeCode, IdentityDocumentType idType) {
}
