package org.kaowu.api.rules;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A sitting's deadlines computed from its score publication date on the region's working-day calendar:
 * the last day to apply for a re-check, the last day to apply for pass certificates, and the first day
 * certificates can be collected. Empty where the region has no such period.
 */
public record SittingDeadlines(String sitting, LocalDate scorePublication, Optional<LocalDate> recheckCloses,
        Optional<LocalDate> passCertificateCloses, Optional<LocalDate> passCertificateCollection) {

    public static SittingDeadlines of(Sitting sitting, ScoreDeadlines rules, WorkingDays days) {
        LocalDate published = sitting.scorePublication();
        Optional<LocalDate> recheck = rules.recheckWorkingDays() == 0 ? Optional.empty()
                : Optional.of(days.lastOfWorkingDays(published, rules.recheckWorkingDays()));
        Optional<LocalDate> certificate = rules.passCertificateWorkingDays() == 0 ? Optional.empty()
                : Optional.of(days.lastOfWorkingDays(published, rules.passCertificateWorkingDays()));
        Optional<LocalDate> collection = certificate.filter(c -> rules.passCertificateCollectionWorkingDays() > 0)
                .map(c -> days.plusWorkingDays(c, rules.passCertificateCollectionWorkingDays()));
        return new SittingDeadlines(sitting.code(), published, recheck, certificate, collection);
    }
}
