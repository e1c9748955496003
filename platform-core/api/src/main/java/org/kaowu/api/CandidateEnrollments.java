package org.kaowu.api;

import java.util.List;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Enrollment (报考) in the strict sequence the regions use: create for a sitting, choose majors, courses,
 * exam area and payment method, then pay. Every rule is checked on the server with its own code and
 * nothing is stored on a refusal. {@code token} is the candidate's session token. Windows, daily locks
 * and fees are those of the region (with its overrides) at the platform clock's now.
 */
@ProviderType
public interface CandidateEnrollments {
    /**
     * @throws KaowuException SITTING_NOT_FOUND, ENROLLMENT_CLOSED, DAILY_LOCK, ALREADY_ENROLLED, IDENTITY_NOT_CONFIRMED,
     *         MOBILE_NOT_BOUND, WRONG_STEP (registration not complete)
     */
    Enrollment create(String region, String token, String sitting);

    /** @throws KaowuException UNKNOWN_MAJOR, PRIOR_EDUCATION_NOT_VERIFIED, ENROLLMENT_LOCKED, and the window rules */
    Enrollment chooseMajors(String region, String token, UUID enrollment, List<String> majors);

    /** @throws KaowuException WRONG_STEP, TOO_MANY_COURSES, COURSE_NOT_IN_MAJOR, COURSE_NOT_EXAMINED, SESSION_CONFLICT, ENROLLMENT_LOCKED */
    Enrollment chooseCourses(String region, String token, UUID enrollment, List<CourseChoice> courses);

    /** @throws KaowuException WRONG_STEP, UNKNOWN_EXAM_AREA, ENROLLMENT_LOCKED */
    Enrollment chooseExamArea(String region, String token, UUID enrollment, String examArea);

    /** @throws KaowuException WRONG_STEP, GROUP_ONLY (ONLINE for a department-commissioned major), ENROLLMENT_LOCKED */
    Enrollment choosePaymentMethod(String region, String token, UUID enrollment, PaymentMethod method);

    /** @throws KaowuException ENROLLMENT_NOT_FOUND (also for another candidate's) */
    Enrollment get(String region, String token, UUID enrollment);

    List<Enrollment> list(String region, String token);

    /** The candidate's own enrollment, for the payment step; ENROLLMENT_NOT_FOUND for another candidate's. */
    Enrollment own(String region, String token, UUID enrollment);

    /** What the enrollment costs now by the region's (or a fee plugin's) FeeSchedule, and which bundle priced it. */
    EnrollmentPrice price(String region, UUID enrollment);

    /**
     * The "pay" step: inside the window and outside the daily lock, a DRAFT enrollment whose next step is
     * PAY is priced and becomes AWAITING_PAYMENT by one conditional update (of concurrent calls exactly one
     * makes the change); from then on it cannot be changed. An enrollment already awaiting payment is
     * answered as it is (its price kept), so asking again never prices twice.
     *
     * @throws KaowuException WRONG_STEP before the payment method is chosen, ENROLLMENT_CLOSED, DAILY_LOCK
     */
    Enrollment lockForPayment(String region, UUID enrollment);

    /** Settles payment: AWAITING_PAYMENT becomes PAID once (false when it was not awaiting payment). */
    boolean markPaid(String region, UUID enrollment);

    /** An unpaid order lapsed where the region says so: AWAITING_PAYMENT becomes EXPIRED once. */
    boolean markExpired(String region, UUID enrollment);
}
