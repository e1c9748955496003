package org.kaowu.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.kaowu.api.Enrollment;
import org.kaowu.api.EnrollmentPrice;
import org.kaowu.api.EnrollmentStatus;

/**
 * Persistence of enrollments. The database holds the invariants: one enrollment per candidate and
 * sitting (a unique constraint), one course per session in an enrollment, and the lock: choices are
 * saved only while the row is DRAFT, and DRAFT becomes AWAITING_PAYMENT by one conditional update.
 */
public interface EnrollmentStore {
    /** @throws org.kaowu.api.KaowuException ALREADY_ENROLLED when the candidate has an enrollment in the sitting */
    Enrollment createEnrollment(Enrollment enrollment);

    Optional<Enrollment> findEnrollment(String region, UUID id);

    /** The candidate's enrollments, oldest first. */
    List<Enrollment> enrollments(String region, UUID candidate);

    /**
     * Saves {@code changed}, the choices of a draft (majors, lines, exam area, payment method, next step) made
     * from {@code read}, only while the draft is still as read: DRAFT and last changed at {@code read}'s
     * updatedAt, by one conditional update that also takes the row's lock. A concurrent lock for payment
     * either comes first (then ENROLLMENT_LOCKED, nothing changed) or waits; a concurrent step of the same
     * enrollment that came first makes this one CONFLICT_RETRY (its rule checks were made on what is no
     * longer there), never a silent overwrite.
     *
     * @throws org.kaowu.api.KaowuException ENROLLMENT_LOCKED, CONFLICT_RETRY
     */
    Enrollment saveDraft(Enrollment read, Enrollment changed);

    /**
     * DRAFT with next step PAY becomes AWAITING_PAYMENT with {@code price}, by one conditional update.
     *
     * @return whether this call made the change (of concurrent calls, exactly one)
     */
    boolean lockForPayment(String region, UUID id, EnrollmentPrice price, Instant at);

    /** {@code from} becomes {@code to} by one conditional update; whether this call made the change. */
    boolean changeStatus(String region, UUID id, EnrollmentStatus from, EnrollmentStatus to, Instant at);

    /** One row per line of every enrollment of the sitting, with the candidate's office and assistance unit (for scopes). */
    List<EnrollmentLineRow> enrollmentLines(String region, String sitting);

    /** A line of an enrollment as the office statistics count it. */
    record EnrollmentLineRow(UUID enrollment, UUID candidate, String office, Optional<String> assistanceUnit, Optional<String> examArea,
            String course, EnrollmentStatus status, int lines, Optional<java.math.BigDecimal> amount) {
    }

    /** When each enrollment of the sitting was started, with the candidate's office and assistance unit. */
    List<org.kaowu.store.ActivityTime> enrollmentStarts(String region, String sitting);
}
