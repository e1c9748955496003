package org.kaowu.service.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.Recheck;
import org.kaowu.api.Score;
import org.kaowu.api.ScoreRechecks;
import org.kaowu.api.StaffRole;
import org.kaowu.api.rules.Course;
import org.kaowu.api.rules.Sitting;
import org.kaowu.spi.NotificationChannel;
import org.kaowu.store.AccountStore;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.ScoreStore;
import org.kaowu.store.StoredCandidate;
import org.kaowu.store.StoredScore;
import org.kaowu.store.StoredStaff;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Score re-checks (成绩复查): the candidate applies per course inside the region's window (the sitting's
 * publication date through the region's number of working days, on its working-day calendar, region time
 * on the platform clock); the office in the candidate's scope records the outcome once (conditional
 * update), audited in the same transaction; a corrected score replaces the stored one, which is the one
 * every lookup and transcript reads, and the candidate is told through a NotificationChannel.
 */
@Component
public final class RecheckService implements ScoreRechecks {
    private static final Logger LOG = LoggerFactory.getLogger(RecheckService.class);
    private static final Set<StaffRole> OFFICES = Set.of(StaffRole.COUNTY_OFFICE, StaffRole.CITY_OFFICE, StaffRole.PROVINCE_OFFICE);

    private final Regions regions;
    private final CandidateStore candidates;
    private final ScoreStore store;
    private final AccountStore accounts;
    private final SessionTokens tokens;
    private final Notifications notifications;
    private final Clock clock;
    private final Audit audit;

    @Activate
    public RecheckService(@Reference Regions regions, @Reference CandidateStore candidates, @Reference ScoreStore store,
            @Reference AccountStore accounts, @Reference SessionTokens tokens, @Reference Notifications notifications, @Reference Clock clock) {
        this.regions = regions;
        this.candidates = candidates;
        this.store = store;
        this.accounts = accounts;
        this.tokens = tokens;
        this.notifications = notifications;
        this.clock = clock;
        this.audit = new Audit(accounts, clock);
    }

    private LiveRegion live(String code) {
        return regions.live(code).orElseThrow(() -> new KaowuException(ErrorCode.REGION_NOT_FOUND, "No region " + code + " is installed"));
    }

    @Override
    public Recheck apply(String regionCode, String token, String sittingCode, String course) {
        LiveRegion region = live(regionCode);
        StoredCandidate me = ScoreService.self(tokens, candidates, regionCode, token);
        Sitting sitting = EnrollmentService.sitting(region, sittingCode);
        String code = RegistrationRules.required(course, "course", 64).strip();
        ScoreRules.recheckOpen(sitting, region.calendar().deadlines(), region.calendar().workingDays(), ScoreService.today(region, clock));
        StoredScore score = store.scoresOf(regionCode, me.id()).stream().filter(s -> s.sitting().equals(sitting.code()) && s.course().equals(code))
                .findFirst().orElseThrow(() -> new KaowuException(ErrorCode.SCORE_NOT_FOUND, "course", "You have no score of course " + code
                        + " at " + sitting.code()));
        Instant now = clock.instant();
        Recheck wanted = new Recheck(UUID.randomUUID(), regionCode, me.id(), sitting.code(), code, Recheck.Status.APPLIED, score.score(),
                Optional.empty(), now, Optional.empty(), Optional.empty());
        try {
            // The application and its audit entry in one transaction; an earlier application is answered as it is.
            return accounts.atomically(() -> {
                Recheck stored = store.applyRecheck(wanted);
                if (stored.id().equals(wanted.id())) {
                    audit.record("candidate:" + me.id(), "RECHECK_APPLY", regionCode, Optional.of(stored.id().toString()), "DONE",
                            Optional.of("sitting " + sitting.code() + ", course " + code + ", score " + score.score()));
                }
                return stored;
            });
        } catch (KaowuException e) {
            if (e.code() != ErrorCode.CONFLICT_RETRY) {
                throw e;
            }
            // A concurrent application won the unique constraint: answer that one.
            return store.applyRecheck(wanted);
        }
    }

    @Override
    public List<Recheck> mine(String regionCode, String token) {
        live(regionCode);
        StoredCandidate me = ScoreService.self(tokens, candidates, regionCode, token);
        return store.rechecksOf(regionCode, me.id());
    }

    private StoredStaff office(String token, LiveRegion region, String action) {
        StoredStaff me = ScoreService.staff(tokens, accounts, token);
        if (!OFFICES.contains(me.role()) || !me.region().map(region.code()::equals).orElse(false)) {
            audit.record("staff:" + me.username(), action, region.code(), Optional.empty(), "DENIED", Optional.of("not an office of the region"));
            throw new KaowuException(ErrorCode.FORBIDDEN, "Not allowed: only the region's offices handle re-checks");
        }
        return me;
    }

    private boolean inScope(StoredStaff me, LiveRegion region, UUID candidate) {
        Optional<Set<String>> offices = OfficeDeskService.offices(me, region);
        return offices.isEmpty() || candidates.findById(region.code(), candidate).map(c -> offices.get().contains(c.officeCode())).orElse(false);
    }

    @Override
    public List<Recheck> inScope(String token, String regionCode, Optional<String> sitting) {
        LiveRegion region = live(regionCode);
        StoredStaff me = office(token, region, "RECHECK_LIST");
        return store.rechecks(regionCode, sitting.filter(s -> !s.isBlank())).stream().filter(r -> inScope(me, region, r.candidate())).toList();
    }

    @Override
    public Recheck decide(String token, String regionCode, UUID id, boolean corrected, Optional<String> newScore) {
        LiveRegion region = live(regionCode);
        StoredStaff me = office(token, region, "RECHECK_DECIDE");
        String actor = "staff:" + me.username();
        Recheck r = store.findRecheck(regionCode, id).orElseThrow(() -> new KaowuException(ErrorCode.SCORE_NOT_FOUND, "No such re-check"));
        if (!inScope(me, region, r.candidate())) {
            audit.record(actor, "RECHECK_DECIDE", regionCode, Optional.of(id.toString()), "DENIED", Optional.of("candidate outside the account's scope"));
            throw new KaowuException(ErrorCode.FORBIDDEN, "Not allowed: candidate outside the account's scope");
        }
        Optional<Score> after = Optional.empty();
        if (corrected) {
            Course course = region.catalogue().catalogue().courses().stream().filter(c -> c.code().equals(r.course())).findFirst()
                    .orElse(new Course(r.course(), org.kaowu.api.LocalizedText.of(r.course(), r.course()), 0, Course.Kind.REQUIRED));
            String text = newScore.filter(s -> !s.isBlank())
                    .orElseThrow(() -> new KaowuException(ErrorCode.FIELD_REQUIRED, "score", "A corrected re-check needs the new score"));
            after = Optional.of(Score.parse(text, course.grading()));
        }
        Optional<Score> newOne = after;
        Instant now = clock.instant();
        Recheck.Status outcome = corrected ? Recheck.Status.CORRECTED : Recheck.Status.UNCHANGED;
        Recheck decided = accounts.atomically(() -> {
            if (!store.decideRecheck(regionCode, id, outcome, newOne, actor, now)) {
                throw new KaowuException(ErrorCode.WRONG_STEP, "This re-check was decided already");
            }
            if (corrected) {
                store.correctScore(regionCode, r.sitting(), r.course(), r.candidate(), newOne.get(), now);
            }
            audit.record(actor, "RECHECK_DECIDE", regionCode, Optional.of(id.toString()), outcome.name(), Optional.of("sitting " + r.sitting() + ", course "
                    + r.course() + ", score " + r.before() + newOne.map(s -> " corrected to " + s).orElse(" unchanged")));
            return store.findRecheck(regionCode, id).orElseThrow();
        });
        notify(region, decided);
        return decided;
    }

    /** After the commit: the candidate is told the outcome by SMS (to the registered mobile); a failure to send is logged, the decision stands. */
    private void notify(LiveRegion region, Recheck r) {
        candidates.findById(region.code(), r.candidate()).ifPresent(c -> {
            String text = CandidateMessages.recheckOutcome(c.examLanguage(), r.sitting(), r.course(), r.before().toString(),
                    r.after().map(Score::toString).orElse(r.before().toString()), r.status() == Recheck.Status.CORRECTED);
            try {
                notifications.send("SMS", new NotificationChannel.Message(region.code(), c.mobile(), "Kaowu", text));
            } catch (KaowuException e) {
                LOG.warn("Re-check {} decided, but the candidate could not be told: {}", r.id(), e.getMessage());
            }
        });
    }
}
