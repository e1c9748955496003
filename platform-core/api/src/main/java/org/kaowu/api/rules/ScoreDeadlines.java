package org.kaowu.api.rules;

/**
 * Deadlines after score publication, in working days: score re-check (成绩复查) applications, course pass
 * certificate (课程合格证书) applications, and the wait after that application period until collection.
 * 0 means the region offers no such period online.
 */
public record ScoreDeadlines(int recheckWorkingDays, int passCertificateWorkingDays, int passCertificateCollectionWorkingDays) {
    public ScoreDeadlines {
        Check.atLeast(recheckWorkingDays, 0, "recheckWorkingDays");
        Check.atLeast(passCertificateWorkingDays, 0, "passCertificateWorkingDays");
        Check.atLeast(passCertificateCollectionWorkingDays, 0, "passCertificateCollectionWorkingDays");
    }
}
