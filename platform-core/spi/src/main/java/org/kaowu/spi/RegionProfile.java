package org.kaowu.spi;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.LocalizedText;
import org.kaowu.api.Office;
import org.kaowu.api.rules.AssistanceUnit;
import org.kaowu.api.rules.ExamArea;
import org.kaowu.api.rules.ExamLanguage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Who a region is: its names, time zone, offices and the identity documents it accepts. Implemented by a
 * region bundle and registered with {@link RegionProperties#REGION}; the core reads it for every request,
 * so a new bundle version takes effect at once. All dates the region talks about are in
 * {@link #timeZone()}.
 */
@ConsumerType
public interface RegionProfile {
    /** The region code, equal to the {@link RegionProperties#REGION} service property. */
    String code();

    LocalizedText names();

    ZoneId timeZone();

    /** Language tags of the portal languages, first is the default. */
    List<String> locales();

    Set<IdentityDocumentType> identityDocuments();

    /** Whether a candidate must give an e-mail address to register. */
    boolean emailRequired();

    /** The office hierarchy: the province office, then cities, then counties (districts). */
    List<Office> offices();

    /** The office a candidate is registered at when the registration names none. */
    String defaultRegistrationOffice();

    /** Where candidates sit their exams; each area is run by one of {@link #offices()}. */
    List<ExamArea> examAreas();

    /** The languages exams can be taken in (考试语种); the first is the default. */
    List<ExamLanguage> examLanguages();

    /** The region's own texts shown to candidates, by key (e.g. "registration.pendingReview"). */
    Map<String, LocalizedText> messages();

    /**
     * The assistance units (助学单位) candidates may register through, each attached to one of
     * {@link #offices()}; a registration or staff account naming another unit is refused. None by default.
     */
    default List<AssistanceUnit> assistanceUnits() {
        return List.of();
    }
}
