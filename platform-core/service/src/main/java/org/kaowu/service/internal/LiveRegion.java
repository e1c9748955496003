package org.kaowu.service.internal;

import java.util.Map;

import org.kaowu.spi.Catalogue;
import org.kaowu.spi.ExamCalendar;
import org.kaowu.spi.FeeSchedule;
import org.kaowu.spi.IdentityConfirmation;
import org.kaowu.spi.PasswordRecovery;
import org.kaowu.spi.PhotoPolicy;
import org.kaowu.spi.RegionProfile;
import org.kaowu.spi.RegistrationFlow;
import org.kaowu.spi.ScoreValidityPolicy;
import org.kaowu.spi.TicketNumberFormat;

/**
 * One region's winning services as they are at the start of a request, complete (one of every SPI). A
 * request works on this snapshot only, so a bundle update or a policy swap in the middle of it cannot
 * mix old and new rules. {@code providers} names the bundle and version behind each SPI.
 */
record LiveRegion(String code, RegionProfile profile, RegistrationFlow flow, IdentityConfirmation confirmation, ExamCalendar calendar,
        FeeSchedule fees, ScoreValidityPolicy scoreValidity, PhotoPolicy photo, PasswordRecovery recovery, Catalogue catalogue,
        TicketNumberFormat ticketNumbers, String bundle, String bundleVersion, Map<String, String> providers) {
}
