package org.kaowu.service.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.kaowu.api.CandidateRegistration;
import org.kaowu.api.CandidateRegistry;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.HumanChecks;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.KaowuException;
import org.kaowu.api.Office;
import org.kaowu.api.PasswordHashing;
import org.kaowu.api.RegisteredCandidate;
import org.kaowu.api.ReturningRegistration;
import org.kaowu.api.TicketChoice;
import org.kaowu.api.TicketChoiceRequiredException;
import org.kaowu.api.rules.CalendarStatus;
import org.kaowu.api.rules.Flow;
import org.kaowu.api.rules.LoginIdentifier;
import org.kaowu.api.rules.RegistrationStep;
import org.kaowu.spi.RegionProfile;
import org.kaowu.spi.TicketNumberFormat;
import org.kaowu.spi.TicketRequest;
import org.kaowu.store.AccountStore;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.NewCandidate;
import org.kaowu.store.RecordOnFile;
import org.kaowu.store.ReturningCandidate;
import org.kaowu.store.StoredCandidate;
import org.kaowu.store.TicketHolder;
import org.kaowu.service.internal.humancheck.ProofOfWork;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers candidates by their region's rules: validates every field, checks the identity document
 * against what the region accepts, hashes the password, and stores the candidate in the status the first
 * step of the region's {@link org.kaowu.spi.RegistrationFlow} leaves it in; when the flow issues the ticket
 * number after that first step, the region's {@link TicketNumberFormat} issues it in the same transaction.
 * Registration is refused while the region's daily maintenance lock is on.
 * <p>
 * The later steps (office approval, identity confirmation, mobile binding) are done through
 * {@link OfficeDeskService} and {@link CandidateAccountService}, which issue the ticket at the step the
 * region names.
 */
@Component
public final class CandidateRegistrar implements CandidateRegistry {

    /** Field-injected (not in the constructor) to keep this addition apart from the constructor other work changes. */
    @org.osgi.service.component.annotations.Reference
    private CandidateNoticeService notices;
    /** Field-injected like {@link #notices}: checks a lookup's human-check answer, which the lookup's audit commit spends. */
    @org.osgi.service.component.annotations.Reference
    private HumanCheckService humanChecks;
    private static final Logger LOG = LoggerFactory.getLogger(CandidateRegistrar.class);

    private final Regions regions;
    private final CandidateStore store;
    private final PasswordHashing passwords;
    private final Clock clock;
    private final AccountStore accounts;
    private final Audit audit;

    @Activate
    public CandidateRegistrar(@Reference Regions regions, @Reference CandidateStore store,
            @Reference PasswordHashing passwords, @Reference Clock clock, @Reference AccountStore accounts) {
        this.regions = regions;
        this.store = store;
        this.passwords = passwords;
        this.clock = clock;
        this.accounts = accounts;
        this.audit = new Audit(accounts, clock);
    }

    @Override
    public RegisteredCandidate register(String regionCode, CandidateRegistration r) {
        LiveRegion region = region(regionCode);
        CalendarStatus calendar = openCalendar(region);
        TicketNumberFormat tickets = region.ticketNumbers();
        Flow flow = region.flow().flow();
        RegistrationStep first = flow.newCandidates().get(0);
        boolean issueTicket = flow.ticketIssuedAfter().equals(first.code());
        RegionProfile profile = region.profile();
        LocalDate today = calendar.at().toLocalDate();

        String name = RegistrationRules.name(r.name());
        IdentityDocumentType idType = Optional.ofNullable(r.idType()).orElseThrow(
                () -> new KaowuException(ErrorCode.FIELD_REQUIRED, "idType", "idType is required"));
        if (!profile.identityDocuments().contains(idType)) {
            throw new KaowuException(ErrorCode.ID_TYPE_NOT_ACCEPTED, "idType", "This region does not accept " + idType);
        }
        String idNumber = IdentityDocuments.validate(idType,
                RegistrationRules.required(r.idNumber(), "idNumber", RegistrationRules.ID_NUMBER_MAX), today);
        String mobile = RegistrationRules.mobile(r.mobile());
        Optional<String> email = RegistrationRules.email(r.email(), profile.emailRequired());
        RegistrationRules.password(r.password());
        String office = registrationOffice(profile, r.office());

        Optional<String> question = r.securityQuestion().map(q -> RegistrationRules.required(q, "securityQuestion", 200));
        Optional<String> answerHash = securityAnswerHash(question, r.securityAnswer());
        Optional<String> unit = r.assistanceUnit().filter(u -> !u.isBlank()).map(u -> assistanceUnit(profile, u));

        String hash = passwords.hash(r.password());
        Arrays.fill(r.password(), '\0');
        NewCandidate candidate = new NewCandidate(regionCode, name, idType, idNumber, mobile, email, hash,
                first.statusAfter(), office, region.bundle(), region.bundleVersion(), clock.instant(), Flows.afterRegistration(flow),
                question, answerHash, unit, Optional.of(examLanguage(profile, r.examLanguage())), Set.copyOf(flow.loginIdentifiers()));
        List<CandidateNoticeService.Pending> told = new java.util.ArrayList<>();
        StoredCandidate stored = accounts.atomically(() -> {
            told.clear();
            StoredCandidate c = store.register(candidate, sequence -> {
            if (!issueTicket) {
                return Optional.empty();
            }
            String ticket = tickets.issue(new TicketRequest(today, office, idType), sequence);
            if (!tickets.isValid(ticket)) {
                // A region bundle that breaks its own rules must not leave a bad number behind.
                throw new IllegalStateException("Region " + regionCode + " issued a ticket number its own format rejects");
            }
            return Optional.of(ticket);
            });
            audit.record("candidate:" + c.id(), "REGISTRATION", regionCode, Optional.of(c.id().toString()), c.status().name(),
                    Optional.of(region.bundle() + " " + region.bundleVersion() + c.ticketNumber().map(t -> ", ticket issued").orElse("")));
            if (c.ticketNumber().isPresent()) {
                told.add(notices.record(c, org.kaowu.api.CandidateNotices.Kind.TICKET_ISSUED, c.ticketNumber()));
            }
            return c;
        });
        notices.deliver(told);
        LOG.info("Registered candidate {} in {} (ID {} {}) by {} {}", stored.id(), regionCode, idType,
                IdentityDocuments.mask(idNumber), region.bundle(), region.bundleVersion());
        return publicView(stored);
    }

    @Override
    public RegisteredCandidate registerReturning(String regionCode, ReturningRegistration r) {
        LiveRegion region = region(regionCode);
        CalendarStatus calendar = openCalendar(region);
        Flow flow = region.flow().flow();
        if (flow.returningCandidates().isEmpty()) {
            throw new KaowuException(ErrorCode.NOT_OFFERED, "This region has no registration for candidates on file");
        }
        RegionProfile profile = region.profile();
        String name = RegistrationRules.name(r.name());
        IdentityDocumentType idType = Optional.ofNullable(r.idType()).orElseThrow(
                () -> new KaowuException(ErrorCode.FIELD_REQUIRED, "idType", "idType is required"));
        String idNumber = IdentityDocuments.validate(idType, RegistrationRules.required(r.idNumber(), "idNumber", RegistrationRules.ID_NUMBER_MAX),
                calendar.at().toLocalDate());
        String mobile = RegistrationRules.mobile(r.mobile());
        Optional<String> email = RegistrationRules.email(r.email(), profile.emailRequired());
        RegistrationRules.password(r.password());

        if (store.findByIdNumber(regionCode, idNumber).isPresent()) {
            throw new KaowuException(ErrorCode.CANDIDATE_ALREADY_REGISTERED, "idNumber",
                    "This identity document number is already registered in this region");
        }
        List<RecordOnFile> records = store.recordsOnFile(regionCode, idNumber);
        if (records.isEmpty() || records.stream().anyMatch(x -> !x.name().equals(name))) {
            throw new KaowuException(ErrorCode.NOT_ON_FILE, "No record on file matches this name and ID number");
        }
        boolean merges = flow.returningCandidates().stream().anyMatch(s -> s.kind() == RegistrationStep.Kind.CHOOSE_TICKET_NUMBER);
        RecordOnFile kept;
        if (records.size() == 1) {
            kept = records.get(0);
        } else if (!merges) {
            throw new KaowuException(ErrorCode.NOT_OFFERED, "Several ticket numbers are on file; this region does not merge them: ask your office");
        } else {
            // The records come in ticket-number order, so a choice by position names the same record every time.
            List<TicketChoice> choices = new java.util.ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                choices.add(new TicketChoice(i + 1, maskTicket(records.get(i).ticketNumber()), records.get(i).officeCode()));
            }
            Optional<String> byNumber = r.ticketNumber().filter(t -> !t.isBlank()).map(String::trim);
            Optional<Integer> byChoice = r.ticketChoice();
            if (byNumber.isEmpty() && byChoice.isEmpty()) {
                throw new TicketChoiceRequiredException(records.size() + " ticket numbers are on file for you: choose the one to keep", choices);
            }
            Optional<RecordOnFile> chosen = byNumber.isPresent()
                    ? records.stream().filter(x -> x.ticketNumber().equals(byNumber.get())).findFirst()
                    : byChoice.filter(c -> c >= 1 && c <= records.size()).map(c -> records.get(c - 1));
            kept = chosen.orElseThrow(() -> new TicketChoiceRequiredException("That is not one of your ticket numbers on file", choices));
        }
        List<String> merged = records.stream().map(RecordOnFile::ticketNumber).filter(t -> !t.equals(kept.ticketNumber())).toList();
        // The returning steps done by this call: taking up the record and choosing the ticket number.
        List<RegistrationStep> steps = flow.returningCandidates();
        int done = 0;
        while (done < steps.size() && (steps.get(done).kind() == RegistrationStep.Kind.CONFIRM_RECORD
                || steps.get(done).kind() == RegistrationStep.Kind.CHOOSE_TICKET_NUMBER)) {
            done++;
        }
        RegistrationStep last = steps.get(Math.max(0, done - 1));
        Optional<String> next = done < steps.size() ? Optional.of(steps.get(done).code()) : Optional.empty();
        Optional<String> question = r.securityQuestion().map(q -> RegistrationRules.required(q, "securityQuestion", 200));
        Optional<String> answerHash = securityAnswerHash(question, r.securityAnswer());
        String hash = passwords.hash(r.password());
        Arrays.fill(r.password(), '\0');
        NewCandidate candidate = new NewCandidate(regionCode, name, idType, idNumber, mobile, email, hash, last.statusAfter(), kept.officeCode(),
                region.bundle(), region.bundleVersion(), clock.instant(), next, question, answerHash, Optional.empty(),
                Optional.of(examLanguage(profile, r.examLanguage())), Set.copyOf(flow.loginIdentifiers()));
        StoredCandidate stored = accounts.atomically(() -> {
            StoredCandidate c = store.registerReturning(new ReturningCandidate(candidate, kept.ticketNumber(), merged));
            audit.record("candidate:" + c.id(), "RETURNING_REGISTRATION", regionCode, Optional.of(c.id().toString()), "DONE",
                    Optional.of("kept " + kept.ticketNumber() + (merged.isEmpty() ? "" : ", merged " + merged)));
            return c;
        });
        LOG.info("Returning candidate {} in {} (ID {}) kept ticket {} and merged {}", stored.id(), regionCode, IdentityDocuments.mask(idNumber),
                kept.ticketNumber(), merged.size());
        return publicView(stored);
    }

    @Override
    public Optional<RegisteredCandidate> find(String regionCode, UUID id) {
        region(regionCode);
        return store.findById(regionCode, id).map(CandidateRegistrar::publicView);
    }

    @Override
    public Optional<String> lookupTicketNumber(String regionCode, String name, String idNumber, String client) {
        return lookupTicketNumbers(regionCode, name, idNumber, client).stream().findFirst();
    }

    @Override
    public List<String> lookupTicketNumbers(String regionCode, String name, String idNumber, String client) {
        region(regionCode);
        return lookup(regionCode, name, idNumber, client, Optional.empty());
    }

    @Override
    public List<String> lookupTicketNumbers(String regionCode, String name, String idNumber, String client, Optional<String> humanCheck) {
        // (the human check's service refuses a region that is not installed)
        // Checked now, spent below in the commit of the audit entry: one shared commit per lookup, not two of its own.
        Optional<ProofOfWork.Valid> toSpend = humanChecks.checkToSpend(regionCode, HumanChecks.Purpose.LOOKUP, humanCheck);
        return lookup(regionCode, name, idNumber, client, toSpend);
    }

    /**
     * The lookup: the holders of the ID number (names and numbers only), compared by name; then the audit entry,
     * durable before the answer, with the human check's answer spent in its commit (refused when spent before).
     * Its audit line is the lookup's one log line (ID masked).
     */
    private List<String> lookup(String regionCode, String name, String idNumber, String client, Optional<ProofOfWork.Valid> toSpend) {
        String n = RegistrationRules.required(name, "name", RegistrationRules.NAME_MAX);
        String id = RegistrationRules.required(idNumber, "idNumber", RegistrationRules.ID_NUMBER_MAX).toUpperCase(java.util.Locale.ROOT);
        List<TicketHolder> holders = store.ticketHolders(regionCode, id);
        boolean onFile = !holders.isEmpty() && holders.get(0).onFile();
        List<String> tickets;
        if (!onFile) {
            tickets = holders.stream().filter(h -> h.name().equals(n)).flatMap(h -> h.ticketNumber().stream()).toList();
        } else {
            // Not registered here yet: the numbers of the earlier system, when every record of the ID number bears this name.
            tickets = holders.stream().allMatch(h -> h.name().equals(n)) ? holders.stream().flatMap(h -> h.ticketNumber().stream()).toList()
                    : List.of();
        }
        String actor = "client:" + client;
        String outcome = tickets.isEmpty() ? "NO_MATCH" : "FOUND";
        Optional<String> detail = Optional.of("ID " + IdentityDocuments.mask(id) + (onFile && !tickets.isEmpty() ? ", on file" : ""));
        if (toSpend.isEmpty()) {
            audit.recordRead(actor, "TICKET_NUMBER_LOOKUP", regionCode, Optional.empty(), outcome, detail);
        } else if (!audit.recordReadSpending(toSpend.get().id(), toSpend.get().expiresAt(), actor, "TICKET_NUMBER_LOOKUP", regionCode,
                Optional.empty(), outcome, detail)) {
            throw HumanCheckService.failed();
        }
        return tickets;
    }

    /** A ticket number shown to someone who has only proved name and ID number: the first four and last two characters. */
    static String maskTicket(String ticket) {
        if (ticket.length() <= 6) {
            return "*".repeat(ticket.length());
        }
        return ticket.substring(0, 4) + "*".repeat(ticket.length() - 6) + ticket.substring(ticket.length() - 2);
    }

    /** The region's calendar now; REGION_LOCKED (with the time until the lock ends) during a daily lock. */
    private CalendarStatus openCalendar(LiveRegion region) {
        CalendarStatus calendar = Regions.status(region, clock);
        if (calendar.locked()) {
            LocalDateTime until = calendar.lockedUntil().orElseThrow();
            throw new KaowuException(ErrorCode.REGION_LOCKED, null, "Registration is closed for daily maintenance until " + until,
                    Duration.between(calendar.at().toLocalDateTime(), until));
        }
        return calendar;
    }


    /** One of the region's exam languages; the first (the default) when none is chosen. */
    private static String examLanguage(RegionProfile profile, Optional<String> chosen) {
        if (chosen.isEmpty() || chosen.get().isBlank()) {
            return profile.examLanguages().get(0).code();
        }
        String code = chosen.get().trim();
        return profile.examLanguages().stream().map(l -> l.code()).filter(code::equals).findFirst()
                .orElseThrow(() -> new KaowuException(ErrorCode.VALIDATION_FAILED, "examLanguage", "examLanguage must be one of "
                        + profile.examLanguages().stream().map(l -> l.code()).toList()));
    }

    /** The hash of the security answer when a question is given (the answer is then required). */
    private Optional<String> securityAnswerHash(Optional<String> question, Optional<String> answer) {
        return question.map(q -> passwords.hash(SecurityAnswers.normalise(
                RegistrationRules.required(answer.orElse(null), "securityAnswer", 100)).toCharArray()));
    }

    private LiveRegion region(String code) {
        return regions.live(code).orElseThrow(() -> new KaowuException(ErrorCode.REGION_NOT_FOUND, "No region " + code + " is installed"));
    }

    /** One of the region's assistance units: a unit it does not list would strand the candidate, whom no unit's staff could see. */
    private static String assistanceUnit(RegionProfile profile, String requested) {
        String code = RegistrationRules.required(requested, "assistanceUnit", 32);
        if (profile.assistanceUnits().stream().noneMatch(u -> u.code().equals(code))) {
            throw new KaowuException(ErrorCode.ASSISTANCE_UNIT_NOT_FOUND, "assistanceUnit", "No assistance unit " + code + " in this region");
        }
        return code;
    }

    private static String registrationOffice(RegionProfile profile, Optional<String> requested) {
        if (requested.isEmpty() || requested.get().isBlank()) {
            return profile.defaultRegistrationOffice();
        }
        String code = RegistrationRules.required(requested.get(), "office", RegistrationRules.OFFICE_MAX);
        return profile.offices().stream()
                .filter(o -> o.code().equals(code) && o.level() == Office.OfficeLevel.COUNTY)
                .map(Office::code)
                .findFirst()
                .orElseThrow(() -> new KaowuException(ErrorCode.OFFICE_NOT_FOUND, "office", "No registration office " + code + " in this region"));
    }

    private static RegisteredCandidate publicView(StoredCandidate c) {
        return new RegisteredCandidate(c.id(), c.region(), c.status(), c.ticketNumber());
    }
}
