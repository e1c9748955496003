package org.kaowu.api;

/**
 * Where an enrollment (报考) stands. DRAFT while the candidate chooses; AWAITING_PAYMENT from the moment
 * payment starts (locked: it can be paid, never changed); PAID once the payment settled (the enrollment
 * succeeded; fees are not refunded); EXPIRED when the region lets unpaid orders lapse.
 */
public enum EnrollmentStatus {
    DRAFT,
    AWAITING_PAYMENT,
    PAID,
    EXPIRED
}
