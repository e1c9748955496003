package org.kaowu.api;

/**
 * The strict sequence of an enrollment: majors, then courses, then exam area, then payment method, then
 * pay. Each step is refused (WRONG_STEP) until the one before it is done; {@code DONE} once paid.
 */
public enum EnrollmentStep {
    MAJORS,
    COURSES,
    EXAM_AREA,
    PAYMENT_METHOD,
    PAY,
    DONE
}
