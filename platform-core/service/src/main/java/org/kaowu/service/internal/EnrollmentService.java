package org.kaowu.service.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.kaowu.api.CandidateEnrollments;
import org.kaowu.api.CourseChoice;
import org.kaowu.api.Enrollment;
import org.kaowu.api.EnrollmentPrice;
import org.kaowu.api.EnrollmentStatus;
import org.kaowu.api.EnrollmentStep;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.PaymentMethod;
import org.kaowu.api.rules.Sitting;
import org.kaowu.store.AccountStore;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.EnrollmentStore;
import org.kaowu.store.PriorEducation;
import org.kaowu.store.StoredCandidate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Enrollment (报考) as a strict sequence on the server: majors, courses, exam area, payment method, pay.
 * Each request reads one snapshot of the region (its data with overrides, or a higher-ranked plugin) and
 * the platform clock in the region's zone; every refusal has its own code and stores nothing; every
 * change is saved with its audit entry in one transaction. The database holds what concurrency could
 * break: one enrollment per sitting (unique constraint) and the lock for payment (conditional update).
 */
@Component
public final class EnrollmentService implements CandidateEnrollments {
    private final Regions regions;
    private final CandidateStore candidates;
    private final EnrollmentStore store;
    private final AccountStore accounts;
    private final SessionTokens tokens;
    private final Clock clock;
    private final Audit audit;

    @Activate
    public EnrollmentService(@Reference Regions regions, @Reference CandidateStore candidates, @Reference EnrollmentStore store,
            @Reference AccountStore accounts, @Reference SessionTokens tokens, @Reference Clock clock) {
        this.regions = regions;
        this.candidates = candidates;
        this.store = store;
        this.accounts = accounts;
        this.tokens = tokens;
        this.clock = clock;
        this.audit = new Audit(accounts, clock);
    }

    private LiveRegion live(String code) {
        return regions.live(code).orElseThrow(() -> new KaowuException(ErrorCode.REGION_NOT_FOUND, "No region " + code + " is installed"));
    }

    private StoredCandidate self(String region, String token) {
        SessionTokens.Claims c = tokens.verify(token, SessionTokens.Kind.CANDIDATE);
        if (!c.region().equals(region)) {
            throw new KaowuException(ErrorCode.UNAUTHENTICATED, "This session belongs to another region");
        }
        return candidates.findById(region, c.subject())
                .orElseThrow(() -> new KaowuException(ErrorCode.UNAUTHENTICATED, "The session's candidate no longer exists"));
    }

    static Sitting sitting(LiveRegion region, String code) {
        if (code == null || code.isBlank()) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, "sitting", "sitting is required");
        }
        return region.calendar().sittings().stream().filter(s -> s.code().equals(code)).findFirst()
                .orElseThrow(() -> new KaowuException(ErrorCode.SITTING_NOT_FOUND, "sitting", "Region " + region.code() + " has no sitting " + code));
    }

    private ZonedDateTime now(LiveRegion region) {
        return ZonedDateTime.now(clock.withZone(region.profile().timeZone()));
    }

    private void open(LiveRegion region, Sitting sitting) {
        EnrollmentRules.open(sitting, region.calendar().dailyLocks(), now(region));
    }

    @Override
    public Enrollment create(String regionCode, String token, String sittingCode) {
        LiveRegion region = live(regionCode);
        StoredCandidate c = self(regionCode, token);
        Sitting sitting = sitting(region, sittingCode);
        EnrollmentRules.readyToEnroll(region.flow().flow(), c.status(), c.nextStep());
        open(region, sitting);
        Instant at = clock.instant();
        Enrollment draft = new Enrollment(UUID.randomUUID(), regionCode, c.id(), sitting.code(), EnrollmentStatus.DRAFT, EnrollmentStep.MAJORS,
                List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), at, at);
        return accounts.atomically(() -> {
            Enrollment created = store.createEnrollment(draft);
            audit.record("candidate:" + c.id(), "ENROLLMENT_CREATE", regionCode, Optional.of(created.id().toString()), "DONE",
                    Optional.of("sitting " + sitting.code()));
            return created;
        });
    }

    /** The candidate's own draft, open for a change at step {@code step}: ENROLLMENT_LOCKED once payment started, the window, then the sequence. */
    private Enrollment draft(LiveRegion region, StoredCandidate c, UUID id, EnrollmentStep step) {
        Enrollment e = own(region.code(), c, id);
        if (e.status() != EnrollmentStatus.DRAFT) {
            throw new KaowuException(ErrorCode.ENROLLMENT_LOCKED, "Payment has started: this enrollment can no longer be changed, only paid");
        }
        open(region, sitting(region, e.sitting()));
        if (e.next().ordinal() < step.ordinal()) {
            throw new KaowuException(ErrorCode.WRONG_STEP, "The next step of this enrollment is " + e.next() + ", not " + step);
        }
        return e;
    }

    private Enrollment own(String region, StoredCandidate c, UUID id) {
        return store.findEnrollment(region, id).filter(e -> e.candidate().equals(c.id()))
                .orElseThrow(() -> new KaowuException(ErrorCode.ENROLLMENT_NOT_FOUND, "No such enrollment"));
    }

    private Enrollment save(StoredCandidate c, Enrollment read, Enrollment changed, String action, String detail) {
        return accounts.atomically(() -> {
            Enrollment saved = store.saveDraft(read, changed);
            audit.record("candidate:" + c.id(), action, changed.region(), Optional.of(changed.id().toString()), "DONE", Optional.of(detail));
            return saved;
        });
    }

    @Override
    public Enrollment chooseMajors(String regionCode, String token, UUID id, List<String> majors) {
        LiveRegion region = live(regionCode);
        // one transaction: the reads, the rule checks, the change and its audit entry (the store calls join it)
        return accounts.atomically(() -> {
            StoredCandidate c = self(regionCode, token);
            Enrollment e = draft(region, c, id, EnrollmentStep.MAJORS);
            Set<String> verified = new HashSet<>();
            candidates.priorEducation(c.id()).filter(p -> p.status() == PriorEducation.Status.VERIFIED || p.status() == PriorEducation.Status.ACCEPTED)
                    .ifPresent(p -> verified.add(p.major()));
            List<String> chosen = EnrollmentRules.majors(region.catalogue().catalogue(), majors, verified);
            // A new choice of majors opens the courses again: the later choices went with the old majors.
            return save(c, e, e.afterStep(EnrollmentStep.COURSES, chosen, List.of(), Optional.empty(), Optional.empty(), clock.instant()), "ENROLLMENT_MAJORS", String.join(",", chosen));
        });
    }

    @Override
    public Enrollment chooseCourses(String regionCode, String token, UUID id, List<CourseChoice> courses) {
        LiveRegion region = live(regionCode);
        // one transaction: the reads, the rule checks, the change and its audit entry (the store calls join it)
        return accounts.atomically(() -> {
            StoredCandidate c = self(regionCode, token);
            Enrollment e = draft(region, c, id, EnrollmentStep.COURSES);
            List<Enrollment.Line> lines = EnrollmentRules.lines(sitting(region, e.sitting()), region.catalogue().catalogue(), e.majors(), courses);
            return save(c, e, e.afterStep(EnrollmentStep.EXAM_AREA, e.majors(), lines, Optional.empty(), Optional.empty(), clock.instant()), "ENROLLMENT_COURSES",
                    lines.stream().map(Enrollment.Line::course).reduce((a, b) -> a + "," + b).orElse(""));
        });
    }

    @Override
    public Enrollment chooseExamArea(String regionCode, String token, UUID id, String examArea) {
        LiveRegion region = live(regionCode);
        // one transaction: the reads, the rule checks, the change and its audit entry (the store calls join it)
        return accounts.atomically(() -> {
            StoredCandidate c = self(regionCode, token);
            Enrollment e = draft(region, c, id, EnrollmentStep.EXAM_AREA);
            if (examArea == null || examArea.isBlank()) {
                throw new KaowuException(ErrorCode.FIELD_REQUIRED, "examArea", "examArea is required");
            }
            if (region.profile().examAreas().stream().noneMatch(a -> a.code().equals(examArea))) {
                throw new KaowuException(ErrorCode.UNKNOWN_EXAM_AREA, "examArea", "Region " + regionCode + " has no exam area " + examArea);
            }
            return save(c, e, e.afterStep(EnrollmentStep.PAYMENT_METHOD, e.majors(), e.lines(), Optional.of(examArea),
                    Optional.empty(), clock.instant()), "ENROLLMENT_EXAM_AREA", examArea);
        });
    }

    @Override
    public Enrollment choosePaymentMethod(String regionCode, String token, UUID id, PaymentMethod method) {
        LiveRegion region = live(regionCode);
        // one transaction: the reads, the rule checks, the change and its audit entry (the store calls join it)
        return accounts.atomically(() -> {
            StoredCandidate c = self(regionCode, token);
            Enrollment e = draft(region, c, id, EnrollmentStep.PAYMENT_METHOD);
            if (method == null) {
                throw new KaowuException(ErrorCode.FIELD_REQUIRED, "method", "method is required (ONLINE or GROUP)");
            }
            Optional<String> groupOnly = EnrollmentRules.groupOnlyMajor(region.catalogue().catalogue(), e.majors());
            if (method == PaymentMethod.ONLINE && groupOnly.isPresent()) {
                throw new KaowuException(ErrorCode.GROUP_ONLY, "method", "Major " + groupOnly.get()
                        + " is department-commissioned: it is enrolled and paid through the commissioning department's group enrollment point only");
            }
            if (method == PaymentMethod.GROUP && c.assistanceUnit().isEmpty()) {
                throw new KaowuException(ErrorCode.VALIDATION_FAILED, "method", "Group payment needs a group enrollment point: this candidate has none");
            }
            return save(c, e, e.afterStep(EnrollmentStep.PAY, e.majors(), e.lines(), e.examArea(), Optional.of(method),
                    clock.instant()), "ENROLLMENT_PAYMENT_METHOD", method.name());
        });
    }

    @Override
    public Enrollment get(String regionCode, String token, UUID id) {
        live(regionCode);
        return own(regionCode, self(regionCode, token), id);
    }

    @Override
    public Enrollment own(String regionCode, String token, UUID id) {
        return get(regionCode, token, id);
    }

    @Override
    public List<Enrollment> list(String regionCode, String token) {
        live(regionCode);
        return store.enrollments(regionCode, self(regionCode, token).id());
    }

    @Override
    public EnrollmentPrice price(String regionCode, UUID id) {
        LiveRegion region = live(regionCode);
        Enrollment e = store.findEnrollment(regionCode, id).orElseThrow(() -> new KaowuException(ErrorCode.ENROLLMENT_NOT_FOUND, "No such enrollment"));
        return price(region, e);
    }

    /** Priced by the FeeSchedule that wins in this snapshot of the region (its own, or a higher-ranked plugin's). */
    private static EnrollmentPrice price(LiveRegion region, Enrollment e) {
        String pricedBy = region.providers().getOrDefault("FeeSchedule", region.bundle() + " " + region.bundleVersion());
        return EnrollmentRules.price(region.fees().fees(), e.lines().size(), pricedBy);
    }

    @Override
    public Enrollment lockForPayment(String regionCode, UUID id) {
        LiveRegion region = live(regionCode);
        Enrollment e = store.findEnrollment(regionCode, id).orElseThrow(() -> new KaowuException(ErrorCode.ENROLLMENT_NOT_FOUND, "No such enrollment"));
        if (e.status() != EnrollmentStatus.DRAFT) {
            return e;
        }
        if (e.next() != EnrollmentStep.PAY) {
            throw new KaowuException(ErrorCode.WRONG_STEP, "The next step of this enrollment is " + e.next() + ", not PAY");
        }
        open(region, sitting(region, e.sitting()));
        EnrollmentPrice price = price(region, e);
        return accounts.atomically(() -> {
            if (store.lockForPayment(regionCode, id, price, clock.instant())) {
                audit.record("candidate:" + e.candidate(), "ENROLLMENT_LOCK_FOR_PAYMENT", regionCode, Optional.of(id.toString()), "DONE",
                        Optional.of(price.value().toPlainString() + " " + price.currency() + " priced by " + price.pricedBy()));
            }
            return store.findEnrollment(regionCode, id).orElseThrow();
        });
    }

    @Override
    public boolean markPaid(String regionCode, UUID id) {
        return status(regionCode, id, EnrollmentStatus.AWAITING_PAYMENT, EnrollmentStatus.PAID);
    }

    @Override
    public boolean markExpired(String regionCode, UUID id) {
        return status(regionCode, id, EnrollmentStatus.AWAITING_PAYMENT, EnrollmentStatus.EXPIRED);
    }

    private boolean status(String regionCode, UUID id, EnrollmentStatus from, EnrollmentStatus to) {
        return accounts.atomically(() -> {
            boolean changed = store.changeStatus(regionCode, id, from, to, clock.instant());
            if (changed) {
                audit.record("platform", "ENROLLMENT_" + to.name(), regionCode, Optional.of(id.toString()), "DONE", Optional.empty());
            }
            return changed;
        });
    }
}
