package org.kaowu.api;

import org.osgi.annotation.versioning.ProviderType;

/** What the offices read about enrollments: statistics of a sitting inside the staff member's scope. */
@ProviderType
public interface EnrollmentReports {
    /**
     * Per exam area and course, the sitting's enrollments inside the staff member's scope.
     *
     * @throws KaowuException FORBIDDEN outside the account's region, SITTING_NOT_FOUND
     */
    EnrollmentStatistics statistics(String region, String staffToken, String sitting);
}
