package org.kaowu.service.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.kaowu.api.CourseChoice;
import org.kaowu.api.Enrollment;
import org.kaowu.api.EnrollmentPrice;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.api.rules.CourseCatalogue;
import org.kaowu.api.rules.DailyLock;
import org.kaowu.api.rules.EnrollmentWindow;
import org.kaowu.api.rules.ExamSession;
import org.kaowu.api.rules.Fee;
import org.kaowu.api.rules.Fees;
import org.kaowu.api.rules.Flow;
import org.kaowu.api.rules.Major;
import org.kaowu.api.rules.RegistrationStep;
import org.kaowu.api.rules.Sitting;

/**
 * The rules of enrollment that hold in every region, each refused with its own code; the numbers (windows,
 * locks, sessions, timetable, majors, fees) are the region's data. Pure functions: no store, no clock.
 */
final class EnrollmentRules {
    private EnrollmentRules() {
    }

    /**
     * Whether the candidate may enroll: registration done as far as the region's flow requires. A
     * pending identity confirmation or mobile binding has its own code; any other pending step
     * (office approval, say) is WRONG_STEP.
     */
    static void readyToEnroll(Flow flow, RegistrationStatus status, Optional<String> nextStep) {
        if (status == RegistrationStatus.REJECTED) {
            throw new KaowuException(ErrorCode.WRONG_STEP, "The registration was rejected");
        }
        if (nextStep.isEmpty()) {
            return;
        }
        RegistrationStep next = Flows.step(flow, nextStep.get()).orElseThrow(() -> new KaowuException(ErrorCode.WRONG_STEP,
                "The registration is not complete (next step " + nextStep.get() + ")"));
        switch (next.kind()) {
            case IDENTITY_CONFIRMATION -> throw new KaowuException(ErrorCode.IDENTITY_NOT_CONFIRMED,
                    "This region requires identity confirmation before enrolling");
            case MOBILE_BINDING -> throw new KaowuException(ErrorCode.MOBILE_NOT_BOUND, "This region requires a bound mobile phone before enrolling");
            default -> throw new KaowuException(ErrorCode.WRONG_STEP, "The registration is not complete: the next step is " + next.code());
        }
    }

    /**
     * Enrollment is open at {@code now} (region time): inside one of the sitting's windows (opens
     * inclusive, closes exclusive) and outside every daily lock; DAILY_LOCK carries the time to the lock's end.
     */
    static void open(Sitting sitting, List<DailyLock> locks, ZonedDateTime now) {
        LocalDateTime local = now.toLocalDateTime();
        if (sitting.enrollment().stream().noneMatch(w -> w.contains(local))) {
            String windows = sitting.enrollment().stream().map(w -> w.opens() + " to " + w.closes()).reduce((a, b) -> a + ", " + b).orElse("");
            throw new KaowuException(ErrorCode.ENROLLMENT_CLOSED, "sitting",
                    "Enrollment for " + sitting.code() + " is open " + windows + " (region time), not at " + local);
        }
        for (DailyLock lock : locks) {
            if (lock.covers(local.toLocalTime())) {
                LocalDateTime end = local.toLocalDate().atTime(lock.to());
                if (!end.isAfter(local)) {
                    end = end.plusDays(1);
                }
                throw new KaowuException(ErrorCode.DAILY_LOCK, null, "Enrollment is closed every day from " + lock.from() + " to " + lock.to()
                        + " (region time); it reopens at " + end, Duration.between(local, end));
            }
        }
    }

    /** The window that contains {@code local}, if any. */
    static Optional<EnrollmentWindow> window(Sitting sitting, LocalDateTime local) {
        return sitting.enrollment().stream().filter(w -> w.contains(local)).findFirst();
    }

    /**
     * The chosen majors, in order: at least one, each listed in the catalogue once; an
     * associate-to-bachelor major only with the prior diploma verified (or accepted) for it.
     */
    static List<String> majors(CourseCatalogue catalogue, List<String> chosen, Set<String> priorEducationVerifiedFor) {
        if (chosen == null || chosen.isEmpty()) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, "majors", "Choose at least one major");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String code : chosen) {
            if (code == null || code.isBlank()) {
                throw new KaowuException(ErrorCode.FIELD_REQUIRED, "majors", "A major code is empty");
            }
            Major major = major(catalogue, code).orElseThrow(() -> new KaowuException(ErrorCode.UNKNOWN_MAJOR, "majors",
                    "The region's catalogue lists no major " + code));
            if (!seen.add(code)) {
                throw new KaowuException(ErrorCode.VALIDATION_FAILED, "majors", "Major " + code + " is chosen twice");
            }
            if (major.level() == Major.Level.ASSOCIATE_TO_BACHELOR && !priorEducationVerifiedFor.contains(code)) {
                throw new KaowuException(ErrorCode.PRIOR_EDUCATION_NOT_VERIFIED, "majors",
                        "Major " + code + " is associate-to-bachelor: the associate diploma must be verified for it first");
            }
        }
        return List.copyOf(seen);
    }

    static Optional<Major> major(CourseCatalogue catalogue, String code) {
        return catalogue.majors().stream().filter(m -> m.code().equals(code)).findFirst();
    }

    /**
     * The lines of the chosen courses, each with the session that examines it. Refused in this order: no
     * course; more courses than the sitting has sessions (one course per session); a course of a major not
     * chosen or not in its major; a course chosen twice; a course the sitting does not examine; two courses
     * in one session.
     */
    static List<Enrollment.Line> lines(Sitting sitting, CourseCatalogue catalogue, List<String> majors, List<CourseChoice> choices) {
        if (choices == null || choices.isEmpty()) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, "courses", "Choose at least one course");
        }
        if (choices.size() > sitting.sessions().size()) {
            throw new KaowuException(ErrorCode.TOO_MANY_COURSES, "courses", "Sitting " + sitting.code() + " has " + sitting.sessions().size()
                    + " sessions and a candidate takes at most one course per session: at most " + sitting.sessions().size() + " courses, not "
                    + choices.size());
        }
        List<Enrollment.Line> lines = new ArrayList<>();
        Set<String> courses = new HashSet<>();
        Map<String, String> sessions = new HashMap<>();
        for (CourseChoice choice : choices) {
            if (choice == null || choice.major() == null || choice.course() == null) {
                throw new KaowuException(ErrorCode.FIELD_REQUIRED, "courses", "Each course names its major and course code");
            }
            if (!majors.contains(choice.major()) || major(catalogue, choice.major()).map(m -> !m.courses().contains(choice.course())).orElse(true)) {
                throw new KaowuException(ErrorCode.COURSE_NOT_IN_MAJOR, "courses", "Course " + choice.course() + " is not a course of "
                        + (majors.contains(choice.major()) ? "major " + choice.major() : "a chosen major (" + choice.major() + " is not chosen)"));
            }
            if (!courses.add(choice.course())) {
                throw new KaowuException(ErrorCode.VALIDATION_FAILED, "courses", "Course " + choice.course() + " is chosen twice");
            }
            ExamSession session = sitting.sessionOf(choice.course()).orElseThrow(() -> new KaowuException(ErrorCode.COURSE_NOT_EXAMINED,
                    "courses", "Course " + choice.course() + " is not examined in sitting " + sitting.code()));
            String other = sessions.putIfAbsent(session.id(), choice.course());
            if (other != null) {
                throw new KaowuException(ErrorCode.SESSION_CONFLICT, "courses", "Courses " + other + " and " + choice.course()
                        + " are both examined in session " + session.id() + " (" + session.date() + " " + session.starts() + ")");
            }
            lines.add(new Enrollment.Line(choice.major(), choice.course(), session.id()));
        }
        return lines;
    }

    /** Whether any chosen major is department-commissioned (group enrollment only). */
    static Optional<String> groupOnlyMajor(CourseCatalogue catalogue, List<String> majors) {
        return majors.stream().filter(code -> major(catalogue, code).map(Major::groupOnly).orElse(false)).findFirst();
    }

    /**
     * The price of an enrollment of {@code courses} courses by {@code fees}: every PER_COURSE fee times the
     * courses plus every PER_ENROLLMENT fee (PER_APPLICATION fees are for other applications).
     */
    static EnrollmentPrice price(Fees fees, int courses, String pricedBy) {
        BigDecimal total = BigDecimal.ZERO;
        for (Fee fee : fees.fees()) {
            switch (fee.basis()) {
                case PER_COURSE -> total = total.add(fee.amount().multiply(BigDecimal.valueOf(courses)));
                case PER_ENROLLMENT -> total = total.add(fee.amount());
                default -> {
                }
            }
        }
        return new EnrollmentPrice(total.setScale(2, RoundingMode.UNNECESSARY), fees.currency(), pricedBy);
    }
}
