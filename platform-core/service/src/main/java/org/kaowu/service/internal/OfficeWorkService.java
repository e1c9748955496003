package org.kaowu.service.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.kaowu.api.AuditEntry;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.Office;
import org.kaowu.api.OfficeWork;
import org.kaowu.api.PasswordHashing;
import org.kaowu.api.StaffRole;
import org.kaowu.api.rules.EnrollmentWindow;
import org.kaowu.api.rules.RegistrationStep;
import org.kaowu.api.rules.Sitting;
import org.kaowu.store.AccountStore;
import org.kaowu.store.ActivityTime;
import org.kaowu.store.AuditEvent;
import org.kaowu.store.AuditQuery;
import org.kaowu.store.CandidateQueue;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.EnrollmentStore;
import org.kaowu.store.PriorEducation;
import org.kaowu.store.StoredCandidate;
import org.kaowu.store.StoredStaff;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The office desk's lists: work queues, histories, the audit trail, staff administration and the daily
 * activity of a sitting, with the scopes of {@link OfficeDeskService} (whose scope rules it calls, so
 * there is one definition of a scope).
 */
@Component
public final class OfficeWorkService implements OfficeWork {
    static final int PAGE_MAX = 100;
    static final int AUDIT_PAGE_MAX = 10_000;
    private static final char[] PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Regions regions;
    private final CandidateStore candidates;
    private final EnrollmentStore enrollments;
    private final AccountStore accounts;
    private final PasswordHashing passwords;
    private final SessionTokens tokens;
    private final Clock clock;
    private final Audit audit;

    @Activate
    public OfficeWorkService(@Reference Regions regions, @Reference CandidateStore candidates, @Reference EnrollmentStore enrollments,
            @Reference AccountStore accounts, @Reference PasswordHashing passwords, @Reference SessionTokens tokens, @Reference Clock clock) {
        this.regions = regions;
        this.candidates = candidates;
        this.enrollments = enrollments;
        this.accounts = accounts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.clock = clock;
        this.audit = new Audit(accounts, clock);
    }

    private LiveRegion live(String code) {
        return regions.live(code).orElseThrow(() -> new KaowuException(ErrorCode.REGION_NOT_FOUND, "No region " + code + " is installed"));
    }

    private KaowuException denied(StoredStaff me, String action, String region, Optional<String> subject, String why) {
        audit.record("staff:" + me.username(), action, region, subject, "DENIED", Optional.of(why));
        return new KaowuException(ErrorCode.FORBIDDEN, "Not allowed: " + why);
    }

    /** An office or assistance unit of this region: who has candidates in scope. */
    private StoredStaff officeOf(String token, String regionCode, String action) {
        StoredStaff me = OfficeDeskService.staff(tokens, accounts, token);
        if (me.role() == StaffRole.PLATFORM_ADMIN || !me.region().map(regionCode::equals).orElse(false)) {
            throw denied(me, action, regionCode, Optional.empty(), "outside the account's region");
        }
        return me;
    }

    @Override
    public Map<Queue, Long> queueCounts(String token, String regionCode) {
        LiveRegion region = live(regionCode);
        StoredStaff me = officeOf(token, regionCode, "WORK_QUEUE_READ");
        Map<Queue, Long> counts = new EnumMap<>(Queue.class);
        for (Queue q : Queue.values()) {
            counts.put(q, candidates.queue(regionCode, query(me, region, q, new QueueFilter(Optional.empty(), Optional.empty()), 0, 1)).total());
        }
        return counts;
    }

    @Override
    public QueuePage queue(String token, String regionCode, Queue queue, QueueFilter filter, int offset, int limit) {
        LiveRegion region = live(regionCode);
        StoredStaff me = officeOf(token, regionCode, "WORK_QUEUE_READ");
        if (queue == null) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, "queue", "queue is required");
        }
        int max = RegistrationRules.limit(limit, PAGE_MAX);
        if (offset < 0) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, "offset", "offset must not be negative");
        }
        CandidateQueue.Page page = candidates.queue(regionCode, query(me, region, queue, filter, offset, max));
        return new QueuePage(queue, page.total(), offset, max, page.candidates().stream().map(c -> Views.of(c, candidates)).toList());
    }

    private static CandidateQueue query(StoredStaff me, LiveRegion region, Queue queue, QueueFilter filter, int offset, int limit) {
        Optional<Set<String>> offices = me.role() == StaffRole.ASSISTANCE_UNIT ? Optional.empty() : OfficeDeskService.offices(me, region);
        Optional<String> unit = me.role() == StaffRole.ASSISTANCE_UNIT ? me.office() : Optional.empty();
        Optional<Set<String>> steps = switch (queue) {
            case REVIEW -> Optional.of(steps(region, RegistrationStep.Kind.OFFICE_APPROVAL));
            case CONFIRMATION -> Optional.of(steps(region, RegistrationStep.Kind.IDENTITY_CONFIRMATION));
            default -> Optional.empty();
        };
        Optional<String> proof = queue == Queue.PROOF ? Optional.of(PriorEducation.Status.PROOF_SUBMITTED.name()) : Optional.empty();
        Optional<String> text = filter.text().map(String::trim).filter(t -> !t.isEmpty());
        if (text.isPresent() && text.get().length() > 64) {
            throw new KaowuException(ErrorCode.FIELD_TOO_LONG, "text", "text: at most 64 characters");
        }
        return new CandidateQueue(offices, unit, steps, proof, queue == Queue.MERGE, filter.office().filter(o -> !o.isBlank()), text, offset, limit);
    }

    private static Set<String> steps(LiveRegion region, RegistrationStep.Kind kind) {
        return Stream.concat(region.flow().flow().newCandidates().stream(), region.flow().flow().returningCandidates().stream())
                .filter(s -> s.kind() == kind).map(RegistrationStep::code).collect(Collectors.toSet());
    }

    @Override
    public List<AuditEntry> history(String token, String regionCode, UUID id) {
        LiveRegion region = live(regionCode);
        StoredStaff me = OfficeDeskService.staff(tokens, accounts, token);
        if (me.role() == StaffRole.PLATFORM_ADMIN || !me.region().map(regionCode::equals).orElse(false)) {
            throw denied(me, "CANDIDATE_HISTORY_READ", regionCode, Optional.of(id.toString()), "outside the account's region");
        }
        StoredCandidate c = candidates.findById(regionCode, id).orElseThrow(() -> new KaowuException(ErrorCode.CANDIDATE_NOT_FOUND, "No such candidate"));
        if (!OfficeDeskService.inScope(me, region, c)) {
            throw denied(me, "CANDIDATE_HISTORY_READ", regionCode, Optional.of(id.toString()), "candidate outside the account's scope");
        }
        List<AuditEntry> entries = accounts.auditTrail(regionCode, Optional.of(id.toString()), OfficeDeskService.AUDIT_MAX).stream()
                .map(OfficeWorkService::entry).toList();
        audit.record("staff:" + me.username(), "CANDIDATE_HISTORY_READ", regionCode, Optional.of(id.toString()), "ALLOWED",
                Optional.of(entries.size() + " entries"));
        return entries;
    }

    private static AuditEntry entry(AuditEvent e) {
        return new AuditEntry(e.at(), e.actor(), e.action(), e.subject(), e.outcome(), e.detail());
    }

    @Override
    public AuditPage searchAudit(String token, String regionCode, AuditFilter filter, int offset, int limit) {
        StoredStaff me = OfficeDeskService.staff(tokens, accounts, token);
        boolean allowed = me.role() == StaffRole.PLATFORM_ADMIN
                || me.role() == StaffRole.PROVINCE_OFFICE && me.region().map(regionCode::equals).orElse(false);
        if (!allowed) {
            throw denied(me, "AUDIT_READ", regionCode, filter.candidate(), "only the province office and administrators read the audit trail");
        }
        live(regionCode);
        int max = RegistrationRules.limit(limit, AUDIT_PAGE_MAX);
        if (offset < 0) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, "offset", "offset must not be negative");
        }
        if (filter.from().isPresent() && filter.to().isPresent() && !filter.from().get().isBefore(filter.to().get())) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, "to", "to must be after from");
        }
        AuditQuery.Page page = accounts.auditSearch(new AuditQuery(regionCode, blankless(filter.actor()), blankless(filter.candidate()),
                blankless(filter.action()), filter.from(), filter.to(), offset, max));
        audit.record("staff:" + me.username(), "AUDIT_READ", regionCode, blankless(filter.candidate()), "ALLOWED",
                Optional.of(page.total() + " entries match" + blankless(filter.actor()).map(a -> ", actor " + a).orElse("")
                        + blankless(filter.action()).map(a -> ", action " + a).orElse("")));
        return new AuditPage(page.total(), offset, max, page.events().stream().map(OfficeWorkService::entry).toList());
    }

    private static Optional<String> blankless(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }

    /** Whether {@code me} manages {@code other} in the region: administrators all, province offices those below, city offices their counties. */
    static boolean manages(StoredStaff me, StoredStaff other, LiveRegion region) {
        if (other.role() == StaffRole.PLATFORM_ADMIN || !other.region().map(region.code()::equals).orElse(false) || other.id().equals(me.id())) {
            return false;
        }
        return switch (me.role()) {
            case PLATFORM_ADMIN -> true;
            case PROVINCE_OFFICE -> me.region().map(region.code()::equals).orElse(false) && other.role() != StaffRole.PROVINCE_OFFICE;
            case CITY_OFFICE -> me.region().map(region.code()::equals).orElse(false) && other.role() == StaffRole.COUNTY_OFFICE
                    && region.profile().offices().stream().anyMatch(o -> o.code().equals(other.office().orElse(""))
                            && o.level() == Office.OfficeLevel.COUNTY && o.parentCode().equals(me.office().orElse("")));
            default -> false;
        };
    }

    private static boolean administers(StoredStaff me, String regionCode) {
        return me.role() == StaffRole.PLATFORM_ADMIN || (me.role() == StaffRole.PROVINCE_OFFICE || me.role() == StaffRole.CITY_OFFICE)
                && me.region().map(regionCode::equals).orElse(false);
    }

    private StaffAccount account(StoredStaff s) {
        return new StaffAccount(s.username(), s.role(), s.region(), s.office(), s.createdAt(), accounts.staffDisabledAt(s.id()));
    }

    @Override
    public List<StaffAccount> staff(String token, String regionCode) {
        StoredStaff me = OfficeDeskService.staff(tokens, accounts, token);
        LiveRegion region = live(regionCode);
        if (!administers(me, regionCode)) {
            throw denied(me, "STAFF_LIST", regionCode, Optional.empty(), me.role() + " does not manage staff accounts here");
        }
        return accounts.staffOf(regionCode).stream().filter(s -> manages(me, s, region)).map(this::account).toList();
    }

    /** The account {@code username} if {@code me} manages it; else FORBIDDEN, audited (the same answer whether it exists or not). */
    private StoredStaff managed(StoredStaff me, LiveRegion region, String username, String action) {
        Optional<StoredStaff> other = Optional.ofNullable(username).map(String::trim).flatMap(accounts::findStaff);
        if (other.isEmpty() || !manages(me, other.get(), region)) {
            throw denied(me, action, region.code(), Optional.empty(), "account " + (username == null ? "-" : username.strip())
                    + " is not one this account manages");
        }
        return other.get();
    }

    @Override
    public StaffAccount disableStaff(String token, String regionCode, String username) {
        StoredStaff me = OfficeDeskService.staff(tokens, accounts, token);
        LiveRegion region = live(regionCode);
        StoredStaff other = managed(me, region, username, "STAFF_DISABLE");
        accounts.atomically(() -> {
            if (accounts.disableStaff(other.id(), clock.instant())) {
                audit.record("staff:" + me.username(), "STAFF_DISABLE", regionCode, Optional.empty(), "DONE", Optional.of(other.username()));
            }
            return null;
        });
        tokens.endSessions(other.id());
        return account(other);
    }

    @Override
    public StaffPasswordReset resetStaffPassword(String token, String regionCode, String username) {
        StoredStaff me = OfficeDeskService.staff(tokens, accounts, token);
        LiveRegion region = live(regionCode);
        StoredStaff other = managed(me, region, username, "STAFF_PASSWORD_RESET");
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(PASSWORD_ALPHABET[RANDOM.nextInt(PASSWORD_ALPHABET.length)]);
        }
        char[] chars = password.toString().toCharArray();
        String hash = passwords.hash(chars);
        java.util.Arrays.fill(chars, '\0');
        accounts.atomically(() -> {
            accounts.changeStaffPassword(other.id(), hash);
            audit.record("staff:" + me.username(), "STAFF_PASSWORD_RESET", regionCode, Optional.empty(), "DONE",
                    Optional.of(other.username() + "; a generated password handed over"));
            return null;
        });
        tokens.endSessions(other.id());
        return new StaffPasswordReset(other.username(), password.toString());
    }

    @Override
    public DailyActivity dailyActivity(String token, String regionCode, String sittingCode) {
        LiveRegion region = live(regionCode);
        StoredStaff me = officeOf(token, regionCode, "DAILY_ACTIVITY_READ");
        Sitting sitting = EnrollmentService.sitting(region, sittingCode);
        ZoneId zone = region.profile().timeZone();
        Optional<Set<String>> offices = me.role() == StaffRole.ASSISTANCE_UNIT ? Optional.empty() : OfficeDeskService.offices(me, region);
        java.util.function.Predicate<ActivityTime> inScope = a -> me.role() == StaffRole.ASSISTANCE_UNIT
                ? a.assistanceUnit().isPresent() && a.assistanceUnit().equals(me.office())
                : offices.map(set -> set.contains(a.office())).orElse(true);
        TreeMap<LocalDate, int[]> days = new TreeMap<>();
        for (EnrollmentWindow w : sitting.enrollment()) {
            for (LocalDate d = w.opens().toLocalDate(); !d.isAfter(w.closes().toLocalDate()) && days.size() < 366; d = d.plusDays(1)) {
                days.putIfAbsent(d, new int[2]);
            }
        }
        if (!days.isEmpty()) {
            Instant from = days.firstKey().atStartOfDay(zone).toInstant();
            Instant to = days.lastKey().plusDays(1).atStartOfDay(zone).toInstant();
            for (ActivityTime a : candidates.registrations(regionCode, from, to)) {
                int[] day = days.get(LocalDate.ofInstant(a.at(), zone));
                if (day != null && inScope.test(a)) {
                    day[0]++;
                }
            }
            for (ActivityTime a : enrollments.enrollmentStarts(regionCode, sitting.code())) {
                int[] day = days.get(LocalDate.ofInstant(a.at(), zone));
                if (day != null && inScope.test(a)) {
                    day[1]++;
                }
            }
        }
        List<DailyActivity.Day> result = new ArrayList<>();
        days.forEach((d, n) -> result.add(new DailyActivity.Day(d, n[0], n[1])));
        audit.record("staff:" + me.username(), "DAILY_ACTIVITY_READ", regionCode, Optional.empty(), "ALLOWED", Optional.of("sitting " + sitting.code()));
        return new DailyActivity(regionCode, sitting.code(), result);
    }
}
