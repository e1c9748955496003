package org.kaowu.service.internal;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.kaowu.api.Enrollment;
import org.kaowu.api.EnrollmentStatus;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.ExamScores;
import org.kaowu.api.ImportRefusedException;
import org.kaowu.api.KaowuException;
import org.kaowu.api.LineError;
import org.kaowu.api.ScoreImport;
import org.kaowu.api.SittingScore;
import org.kaowu.api.StaffRole;
import org.kaowu.api.Transcript;
import org.kaowu.api.rules.ExamSession;
import org.kaowu.api.rules.LoginIdentifier;
import org.kaowu.api.rules.Sitting;
import org.kaowu.store.AccountStore;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.EnrollmentStore;
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
 * Scores: the province office's import of a marking centre's file (checked whole, applied all or nothing
 * with its audit entry, a course of a sitting replaced only before publication), publication on the
 * region's date on the platform clock in the region's zone, the public lookup by ticket and ID number
 * (one answer for every mismatch, audited; rate limited by the REST layer like the ticket-number lookup),
 * and the candidate's transcript.
 */
@Component
public final class ScoreService implements ExamScores {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreService.class);
    /** Most rows of one marking centre's file. */
    static final int IMPORT_MAX_ROWS = 200_000;
    private static final String NO_MATCH = "No scores match this ticket number and ID number";

    private final Regions regions;
    private final CandidateStore candidates;
    private final EnrollmentStore enrollments;
    private final ScoreStore store;
    private final AccountStore accounts;
    private final SessionTokens tokens;
    private final Clock clock;
    private final Audit audit;

    @Activate
    public ScoreService(@Reference Regions regions, @Reference CandidateStore candidates, @Reference EnrollmentStore enrollments,
            @Reference ScoreStore store, @Reference AccountStore accounts, @Reference SessionTokens tokens, @Reference Clock clock) {
        this.regions = regions;
        this.candidates = candidates;
        this.enrollments = enrollments;
        this.store = store;
        this.accounts = accounts;
        this.tokens = tokens;
        this.clock = clock;
        this.audit = new Audit(accounts, clock);
    }

    private LiveRegion live(String code) {
        return regions.live(code).orElseThrow(() -> new KaowuException(ErrorCode.REGION_NOT_FOUND, "No region " + code + " is installed"));
    }

    static LocalDate today(LiveRegion region, Clock clock) {
        return LocalDate.now(clock.withZone(region.profile().timeZone()));
    }

    /** The staff account behind a valid staff token. */
    static StoredStaff staff(SessionTokens tokens, AccountStore accounts, String token) {
        SessionTokens.Claims c = tokens.verify(token, SessionTokens.Kind.STAFF);
        return accounts.findStaff(c.region()).filter(s -> s.id().equals(c.subject()))
                .orElseThrow(() -> new KaowuException(ErrorCode.UNAUTHENTICATED, "The session's staff account no longer exists"));
    }

    /** The candidate behind a valid candidate token of the region. */
    static StoredCandidate self(SessionTokens tokens, CandidateStore candidates, String region, String token) {
        SessionTokens.Claims c = tokens.verify(token, SessionTokens.Kind.CANDIDATE);
        if (!c.region().equals(region)) {
            throw new KaowuException(ErrorCode.UNAUTHENTICATED, "This session belongs to another region");
        }
        return candidates.findById(region, c.subject())
                .orElseThrow(() -> new KaowuException(ErrorCode.UNAUTHENTICATED, "The session's candidate no longer exists"));
    }

    @Override
    public ScoreImport importScores(String token, String regionCode, String sittingCode, InputStream csv) {
        StoredStaff me = staff(tokens, accounts, token);
        LiveRegion region = live(regionCode);
        String actor = "staff:" + me.username();
        if (me.role() != StaffRole.PROVINCE_OFFICE || !me.region().map(regionCode::equals).orElse(false)) {
            audit.record(actor, "SCORE_IMPORT", regionCode, Optional.empty(), "DENIED", Optional.of("only the region's province office imports scores"));
            throw new KaowuException(ErrorCode.FORBIDDEN, "Not allowed: only the region's province office imports scores");
        }
        Sitting sitting = EnrollmentService.sitting(region, sittingCode);
        if (ScoreRules.published(sitting, today(region, clock))) {
            audit.record(actor, "SCORE_IMPORT", regionCode, Optional.empty(), "REFUSED", Optional.of("sitting " + sitting.code() + " already published"));
            throw new KaowuException(ErrorCode.SCORES_PUBLISHED, "The scores of " + sitting.code() + " were published on " + sitting.scorePublication()
                    + "; only a re-check changes them now");
        }
        long started = System.nanoTime();
        try {
            List<CsvFile.Row> rows = CsvFile.read(csv, ScoreRules.COLUMNS, IMPORT_MAX_ROWS);
            Map<String, Map<String, UUID>> examinees = new HashMap<>();
            for (ScoreStore.Examinee e : store.examinees(regionCode, sitting.code())) {
                examinees.computeIfAbsent(e.ticketNumber(), k -> new HashMap<>()).put(e.course(), e.candidate());
            }
            List<LineError> errors = new ArrayList<>();
            List<ScoreRules.Checked> checked = ScoreRules.check(rows, examinees,
                    t -> candidates.findByLogin(regionCode, LoginIdentifier.TICKET_NUMBER, t).isPresent(), region.catalogue().catalogue(),
                    sitting.code(), errors);
            if (rows.isEmpty()) {
                errors.add(new LineError(2, null, ErrorCode.FIELD_REQUIRED, "The file has no scores"));
            }
            if (!errors.isEmpty()) {
                errors.sort(Comparator.comparingInt(LineError::line));
                throw CsvFile.refused(errors);
            }
            Instant now = clock.instant();
            List<StoredScore> scores = checked.stream().map(c -> new StoredScore(regionCode, sitting.code(), c.course(), c.candidate(),
                    c.ticketNumber(), c.score(), false, now, actor)).toList();
            Set<String> courses = new TreeSet<>(scores.stream().map(StoredScore::course).toList());
            ScoreImport done = accounts.atomically(() -> {
                int replaced = store.replaceScores(regionCode, sitting.code(), courses, scores);
                audit.record(actor, "SCORE_IMPORT", regionCode, Optional.empty(), "DONE", Optional.of(scores.size() + " scores of " + sitting.code()
                        + ", courses " + String.join(",", courses) + (replaced > 0 ? ", replacing " + replaced : "")));
                return new ScoreImport(sitting.code(), scores.size(), List.copyOf(courses), replaced);
            });
            LOG.info("Imported {} scores of {} in {}: {} ms", done.imported(), sitting.code(), regionCode, (System.nanoTime() - started) / 1_000_000);
            return done;
        } catch (ImportRefusedException e) {
            audit.record(actor, "SCORE_IMPORT", regionCode, Optional.empty(), "REFUSED", Optional.of(e.errors().size() + " errors on lines "
                    + e.errors().stream().map(x -> Integer.toString(x.line())).distinct().limit(20).collect(Collectors.joining(","))
                    + (e.errors().size() > 20 ? ",..." : "")));
            throw e;
        }
    }

    /** The sitting asked for, or the latest whose exams are over; SCORES_NOT_PUBLISHED before its publication date. */
    private static Sitting publishedSitting(LiveRegion region, Optional<String> code, LocalDate today) {
        Sitting sitting;
        if (code.filter(c -> !c.isBlank()).isPresent()) {
            sitting = EnrollmentService.sitting(region, code.get());
        } else {
            sitting = region.calendar().sittings().stream()
                    .filter(s -> s.sessions().stream().map(ExamSession::date).allMatch(d -> d.isBefore(today)))
                    .max(Comparator.comparing(Sitting::scorePublication))
                    .orElseThrow(() -> new KaowuException(ErrorCode.SCORES_NOT_PUBLISHED, "No sitting of " + region.code() + " has been examined yet"));
        }
        if (!ScoreRules.published(sitting, today)) {
            throw new KaowuException(ErrorCode.SCORES_NOT_PUBLISHED, "sitting", "The scores of " + sitting.code() + " are published on "
                    + sitting.scorePublication());
        }
        return sitting;
    }

    @Override
    public List<SittingScore> lookup(String regionCode, String ticketNumber, String idNumber, Optional<String> sittingCode, String client) {
        LiveRegion region = live(regionCode);
        String ticket = RegistrationRules.required(ticketNumber, "ticketNumber", 32).strip();
        String id = RegistrationRules.required(idNumber, "idNumber", RegistrationRules.ID_NUMBER_MAX).strip().toUpperCase(Locale.ROOT);
        Sitting sitting = publishedSitting(region, sittingCode, today(region, clock));
        Optional<StoredCandidate> candidate = candidates.findByLogin(regionCode, LoginIdentifier.TICKET_NUMBER, ticket)
                .filter(c -> c.idNumber().equalsIgnoreCase(id));
        List<SittingScore> scores = candidate.map(c -> store.scoresOf(regionCode, c.id()).stream()
                .filter(s -> s.sitting().equals(sitting.code())).map(ScoreService::published).toList()).orElse(List.of());
        audit.record("client:" + client, "SCORE_LOOKUP", regionCode, candidate.map(c -> c.id().toString()), scores.isEmpty() ? "NO_MATCH" : "FOUND",
                Optional.of("sitting " + sitting.code() + ", ID " + IdentityDocuments.mask(id)));
        if (scores.isEmpty()) {
            // A wrong ticket, a wrong ID number and a candidate without scores of the sitting: one answer.
            throw new KaowuException(ErrorCode.SCORE_NOT_FOUND, NO_MATCH);
        }
        return scores;
    }

    static SittingScore published(StoredScore s) {
        return new SittingScore(s.sitting(), s.course(), s.score(), s.corrected());
    }

    /** Each sitting's publication date, and whether it has come (sittings the calendar no longer lists count as published). */
    static Map<String, LocalDate> publications(LiveRegion region) {
        Map<String, LocalDate> out = new HashMap<>();
        region.calendar().sittings().forEach(s -> out.put(s.code(), s.scorePublication()));
        return out;
    }

    @Override
    public Transcript transcript(String regionCode, String token) {
        LiveRegion region = live(regionCode);
        StoredCandidate me = self(tokens, candidates, regionCode, token);
        LocalDate today = today(region, clock);
        Map<String, LocalDate> publication = publications(region);
        List<SittingScore> attempts = store.scoresOf(regionCode, me.id()).stream()
                .filter(s -> !publication.containsKey(s.sitting()) || !today.isBefore(publication.get(s.sitting())))
                .map(ScoreService::published).toList();
        Set<String> majors = new LinkedHashSet<>();
        for (Enrollment e : enrollments.enrollments(regionCode, me.id())) {
            if (e.status() == EnrollmentStatus.PAID) {
                majors.addAll(e.majors());
            }
        }
        return ScoreRules.transcript(attempts, publication, region.catalogue().catalogue(), majors, region.scoreValidity().validity(), today);
    }

    @Override
    public List<ScoreSheetRow> scoreSheet(String token, String regionCode, String sittingCode, String course) {
        StoredStaff me = staff(tokens, accounts, token);
        LiveRegion region = live(regionCode);
        String actor = "staff:" + me.username();
        if (me.role() != StaffRole.PROVINCE_OFFICE || !me.region().map(regionCode::equals).orElse(false)) {
            audit.record(actor, "SCORE_READ", regionCode, Optional.empty(), "DENIED", Optional.of("only the region's province office reads score sheets"));
            throw new KaowuException(ErrorCode.FORBIDDEN, "Not allowed: only the region's province office reads score sheets");
        }
        Sitting sitting = EnrollmentService.sitting(region, sittingCode);
        String code = RegistrationRules.required(course, "course", 64).strip();
        List<ScoreSheetRow> rows = store.scoresOfCourse(regionCode, sitting.code(), code).stream()
                .map(s -> new ScoreSheetRow(s.ticketNumber(), s.score(), s.corrected())).sorted(Comparator.comparing(ScoreSheetRow::ticketNumber)).toList();
        audit.record(actor, "SCORE_READ", regionCode, Optional.empty(), "ALLOWED", Optional.of("sitting " + sitting.code() + ", course " + code + ", "
                + rows.size() + " scores"));
        return rows;
    }
}
