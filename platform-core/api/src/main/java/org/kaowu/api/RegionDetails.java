package org.kaowu.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kaowu.api.rules.AssistanceUnit;
import org.kaowu.api.rules.CalendarStatus;
import org.kaowu.api.rules.ConfirmationMethod;
import org.kaowu.api.rules.CourseCatalogue;
import org.kaowu.api.rules.DailyLock;
import org.kaowu.api.rules.ExamArea;
import org.kaowu.api.rules.ExamLanguage;
import org.kaowu.api.rules.Fees;
import org.kaowu.api.rules.Flow;
import org.kaowu.api.rules.PhotoRequirements;
import org.kaowu.api.rules.Recovery;
import org.kaowu.api.rules.ScoreDeadlines;
import org.kaowu.api.rules.ScoreValidity;
import org.kaowu.api.rules.Sitting;
import org.kaowu.api.rules.SittingDeadlines;
import org.kaowu.api.rules.WorkingDays;

/**
 * Everything the platform knows about one installed region, read from one snapshot of its live services.
 * {@code providers} names, per SPI, the bundle and version whose service is in force (a policy plugin
 * shows there while it overrides the region's own).
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
        TicketNumberStructure ticketNumber,
        List<ExamArea> examAreas,
        List<ExamLanguage> examLanguages,
        List<AssistanceUnit> assistanceUnits,
        Map<String, LocalizedText> messages,
        Flow registration,
        List<ConfirmationMethod> identityConfirmation,
        Recovery passwordRecovery,
        Calendar calendar,
        Fees fees,
        ScoreValidity scoreValidity,
        PhotoRequirements photo,
        CourseCatalogue catalogue,
        Map<String, String> providers) {
    public RegionDetails {
        locales = List.copyOf(locales);
        identityDocuments = Set.copyOf(identityDocuments);
        offices = List.copyOf(offices);
        examAreas = List.copyOf(examAreas);
        examLanguages = List.copyOf(examLanguages);
        assistanceUnits = List.copyOf(assistanceUnits);
        messages = Map.copyOf(messages);
        identityConfirmation = List.copyOf(identityConfirmation);
        providers = Map.copyOf(providers);
    }

    /** The calendar, the deadlines computed from it, and its state at the platform clock's now. */
    public record Calendar(List<Sitting> sittings, List<DailyLock> dailyLocks, WorkingDays workingDays, ScoreDeadlines deadlines,
            List<SittingDeadlines> sittingDeadlines, CalendarStatus now) {
        public Calendar {
            sittings = List.copyOf(sittings);
            dailyLocks = List.copyOf(dailyLocks);
            sittingDeadlines = List.copyOf(sittingDeadlines);
        }
    }
}
