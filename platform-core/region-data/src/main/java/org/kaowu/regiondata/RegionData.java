package org.kaowu.regiondata;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.LocalizedText;
import org.kaowu.api.Office;
import org.kaowu.api.rules.AssistanceUnit;
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
import org.kaowu.api.rules.WorkingDays;

/**
 * Everything one region's data files say, checked within and across files. {@code assistanceUnits} is empty
 * when the region has no assistance-units.json; {@code sampleSittings} holds the codes of the sittings whose
 * dates are examples rather than the authority's (calendar.json's {@code sampleSittings}); {@code admissionNotices}
 * the day each sitting's admission notices are printed from (absent: the calendar's default), {@code examDayRules}
 * the rules printed on them.
 */
public record RegionData(
        String code,
        LocalizedText names,
        ZoneId timeZone,
        List<String> locales,
        Set<IdentityDocumentType> identityDocuments,
        boolean emailRequired,
        String defaultRegistrationOffice,
        List<ExamLanguage> examLanguages,
        List<Office> offices,
        List<ExamArea> examAreas,
        Flow flow,
        List<ConfirmationMethod> confirmation,
        Recovery recovery,
        List<Sitting> sittings,
        List<DailyLock> dailyLocks,
        WorkingDays workingDays,
        ScoreDeadlines deadlines,
        Fees fees,
        ScoreValidity scoreValidity,
        PhotoRequirements photo,
        CourseCatalogue catalogue,
        Map<String, LocalizedText> messages,
        Optional<TicketPattern> ticketNumber,
        List<AssistanceUnit> assistanceUnits,
        Set<String> sampleSittings,
        Map<String, java.time.LocalDate> admissionNotices,
        List<LocalizedText> examDayRules) {

    /**
     * Without admission-notice dates and exam-day rules (calendar.json's optional {@code admissionNotices}
     * and {@code examDayRules}).
     */
    public RegionData(String code, LocalizedText names, ZoneId timeZone, List<String> locales, Set<IdentityDocumentType> identityDocuments,
            boolean emailRequired, String defaultRegistrationOffice, List<ExamLanguage> examLanguages, List<Office> offices,
            List<ExamArea> examAreas, Flow flow, List<ConfirmationMethod> confirmation, Recovery recovery, List<Sitting> sittings,
            List<DailyLock> dailyLocks, WorkingDays workingDays, ScoreDeadlines deadlines, Fees fees, ScoreValidity scoreValidity,
            PhotoRequirements photo, CourseCatalogue catalogue, Map<String, LocalizedText> messages, Optional<TicketPattern> ticketNumber,
            List<AssistanceUnit> assistanceUnits, Set<String> sampleSittings) {
        this(code, names, timeZone, locales, identityDocuments, emailRequired, defaultRegistrationOffice, examLanguages, offices, examAreas,
                flow, confirmation, recovery, sittings, dailyLocks, workingDays, deadlines, fees, scoreValidity, photo, catalogue, messages,
                ticketNumber, assistanceUnits, sampleSittings, Map.of(), List.of());
    }
}
