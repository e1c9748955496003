package org.kaowu.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A candidate's enrollment (报考) in one sitting: the chosen majors, one line per course with the session
 * that examines it, the exam area, the payment method; {@code next} is the step that is open now.
 * {@code price} is set once payment started: the amount and what priced it, kept as it was then.
 */
public record Enrollment(UUID id, String region, UUID candidate, String sitting, EnrollmentStatus status, EnrollmentStep next,
        List<String> majors, List<Line> lines, Optional<String> examArea, Optional<PaymentMethod> paymentMethod,
        Optional<EnrollmentPrice> price, Instant createdAt, Instant updatedAt) {

    public Enrollment {
        majors = List.copyOf(majors);
        lines = List.copyOf(lines);
    }

    /**
     * This enrollment after a step of its sequence: the same enrollment (id, region, candidate, sitting, status,
     * creation) with the choices given, the step that comes next, no price yet, changed at {@code at}.
     */
    public Enrollment afterStep(EnrollmentStep next, List<String> majors, List<Line> lines, Optional<String> examArea,
            Optional<PaymentMethod> paymentMethod, Instant at) {
        return new Enrollment(id, region, candidate, sitting, status, next, majors, lines, examArea, paymentMethod, Optional.empty(), createdAt, at);
    }

    /** One course of the enrollment, for one of its majors, examined in {@code session} (the session's stable id). */
    public record Line(String major, String course, String session) {
    }
}
