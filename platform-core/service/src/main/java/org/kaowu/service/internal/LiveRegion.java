package org.kaowu.service.internal;

import java.util.Optional;

import org.kaowu.spi.RegionProfile;
import org.kaowu.spi.TicketNumberFormat;

/**
 * One region's services as they are at the start of a request. A request works on this snapshot only,
 * so a bundle update in the middle of it cannot mix old and new rules.
 */
record LiveRegion(String code, RegionProfile profile, Optional<TicketNumberFormat> ticketNumbers, String bundle, String bundleVersion) {
}
