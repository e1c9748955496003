package org.kaowu.service.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.kaowu.api.AuditEntry;
import org.kaowu.api.CandidateView;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.NewStaff;
import org.kaowu.api.Office;
import org.kaowu.api.OfficeDesk;
import org.kaowu.api.PasswordHashing;
import org.kaowu.api.SessionToken;
import org.kaowu.api.StaffRole;
import org.kaowu.api.StaffView;
import org.kaowu.api.Throttle;
import org.kaowu.api.rules.ConfirmationMethod;
import org.kaowu.api.rules.RegistrationStep;
import org.kaowu.store.AccountStore;
import org.kaowu.store.CandidateChange;
import org.kaowu.store.CandidateQuery;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.Photo;
import org.kaowu.store.PriorEducation;
import org.kaowu.store.StoredCandidate;
import org.kaowu.store.StoredStaff;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The offices' desk. Every call verifies the staff session, then role and scope against the candidate:
 * a county office sees the candidates registered at it, a city office those of its counties, a province
 * office its whole region, an assistance unit the candidates registered through it; a platform
 * administrator manages staff accounts and sees no candidate. A refusal is FORBIDDEN and is audited;
 * every decision and every read of a full record (with the full ID number) is audited.
 */
@Component
public final class OfficeDeskService implements OfficeDesk {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OfficeDeskService.class);
    private static final Set<StaffRole> OFFICES = Set.of(StaffRole.COUNTY_OFFICE, StaffRole.CITY_OFFICE, StaffRole.PROVINCE_OFFICE);

    private final Regions regions;
    private final CandidateStore store;
    private final AccountStore accounts;
    private final PasswordHashing passwords;
    private final SessionTokens tokens;
    private final Clock clock;
    private final Throttle throttle;
    /** Most results of one search, and most audit entries of one read: 0 or less is refused, not "no limit". */
    static final int SEARCH_MAX = 100;
    static final int AUDIT_MAX = 500;

    private final Audit audit;

    @Activate
    public OfficeDeskService(@Reference Regions regions, @Reference CandidateStore store, @Reference AccountStore accounts,
            @Reference PasswordHashing passwords, @Reference SessionTokens tokens, @Reference Clock clock, @Reference Throttle throttle) {
        this.regions = regions;
        this.store = store;
        this.accounts = accounts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.clock = clock;
        this.throttle = throttle;
        this.audit = new Audit(accounts, clock);
    }

    @Override
    public SessionToken login(String regionCode, String username, char[] password, String client) {
        try {
            live(regionCode);
            String name = RegistrationRules.required(username, "username", 64).trim();
            if (password == null || password.length == 0) {
                throw new KaowuException(ErrorCode.FIELD_REQUIRED, "password", "password is required");
            }
            throttle.reserveAttempt("staff", name);
            Optional<StoredStaff> staff = accounts.findStaff(name)
                    .filter(s -> s.role() == StaffRole.PLATFORM_ADMIN || s.region().map(regionCode::equals).orElse(false))
                    .filter(s -> accounts.staffDisabledAt(s.id()).isEmpty());
            // The same bcrypt whether or not the user exists: the answer's time tells nothing.
            boolean ok = staff.isPresent() ? passwords.verify(password, staff.get().passwordHash()) : passwords.verifyNothing(password);
            if (!ok) {
                // The typed user name is not recorded: it may be a password typed in the wrong field.
                audit.record("client:" + client, "STAFF_LOGIN", staff.flatMap(StoredStaff::region).orElse(null), Optional.empty(), "FAILED",
                        Optional.empty());
                throw new KaowuException(ErrorCode.INVALID_CREDENTIALS, "Login name or password is wrong");
            }
            throttle.succeeded("staff", name);
            audit.record("staff:" + name, "STAFF_LOGIN", staff.get().region().orElse(null), Optional.empty(), "DONE", Optional.of("from " + client));
            return tokens.issue(SessionTokens.Kind.STAFF, staff.get().id(), staff.get().username());
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** The staff account behind a valid token (the token carries the id and, in its region slot, the username). */
    private StoredStaff staff(String token) {
        return staff(tokens, accounts, token);
    }

    static StoredStaff staff(SessionTokens tokens, AccountStore accounts, String token) {
        SessionTokens.Claims c = tokens.verify(token, SessionTokens.Kind.STAFF);
        return accounts.findStaff(c.region()).filter(s -> s.id().equals(c.subject()))
                .orElseThrow(() -> new KaowuException(ErrorCode.UNAUTHENTICATED, "The session's staff account no longer exists"));
    }

    @Override
    public void logout(String token) {
        StoredStaff s = staff(token);
        tokens.revoke(token);
        audit.record("staff:" + s.username(), "STAFF_LOGOUT", s.region().orElse(null), Optional.empty(), "DONE", Optional.empty());
    }

    @Override
    public StaffView whoAmI(String token) {
        return view(staff(token));
    }

    private static StaffView view(StoredStaff s) {
        return new StaffView(s.username(), s.role(), s.region(), s.office());
    }

    @Override
    public StaffView createStaff(String token, NewStaff n) {
        StoredStaff me = staff(token);
        try {
            String username = RegistrationRules.required(n.username(), "username", 64).trim();
            if (!username.matches("[A-Za-z0-9._-]{3,64}")) {
                throw new KaowuException(ErrorCode.VALIDATION_FAILED, "username", "username: 3 to 64 letters, digits, '.', '_' or '-'");
            }
            if (n.role() == null) {
                throw new KaowuException(ErrorCode.FIELD_REQUIRED, "role", "role is required");
            }
            boolean allowed = me.role() == StaffRole.PLATFORM_ADMIN
                    || (me.role() == StaffRole.PROVINCE_OFFICE && n.role() != StaffRole.PLATFORM_ADMIN && n.role() != StaffRole.PROVINCE_OFFICE
                            && n.region().equals(me.region()))
                    // a city office creates the accounts of its own counties (checked below, once the office is known)
                    || (me.role() == StaffRole.CITY_OFFICE && n.role() == StaffRole.COUNTY_OFFICE && n.region().equals(me.region()));
            if (!allowed) {
                throw denied(me, "STAFF_CREATE", n.region().orElse(null), Optional.empty(), "may not create a " + n.role() + " account there");
            }
            Optional<String> region = Optional.empty();
            Optional<String> office = Optional.empty();
            if (n.role() != StaffRole.PLATFORM_ADMIN) {
                LiveRegion r = regions.live(n.region().orElseThrow(() -> new KaowuException(ErrorCode.FIELD_REQUIRED, "region",
                        "region is required for " + n.role()))).orElseThrow(() -> new KaowuException(ErrorCode.REGION_NOT_FOUND, "region",
                        "No region " + n.region().get() + " is installed"));
                region = Optional.of(r.code());
                String code = n.office().filter(o -> !o.isBlank()).orElseThrow(() -> new KaowuException(ErrorCode.FIELD_REQUIRED, "office",
                        "office is required (the office or assistance-unit code)"));
                if (n.role() != StaffRole.ASSISTANCE_UNIT) {
                    Office.OfficeLevel level = switch (n.role()) {
                        case COUNTY_OFFICE -> Office.OfficeLevel.COUNTY;
                        case CITY_OFFICE -> Office.OfficeLevel.CITY;
                        default -> Office.OfficeLevel.PROVINCE;
                    };
                    if (r.profile().offices().stream().noneMatch(o -> o.code().equals(code) && o.level() == level)) {
                        throw new KaowuException(ErrorCode.OFFICE_NOT_FOUND, "office", "No " + level + " office " + code + " in " + r.code());
                    }
                    if (me.role() == StaffRole.CITY_OFFICE
                            && r.profile().offices().stream().noneMatch(o -> o.code().equals(code) && o.parentCode().equals(me.office().orElse("")))) {
                        throw denied(me, "STAFF_CREATE", r.code(), Optional.empty(), "office " + code + " is not one of the city's counties");
                    }
                } else if (r.profile().assistanceUnits().stream().noneMatch(u -> u.code().equals(code))) {
                    throw new KaowuException(ErrorCode.ASSISTANCE_UNIT_NOT_FOUND, "office", "No assistance unit " + code + " in " + r.code());
                }
                office = Optional.of(code);
            }
            RegistrationRules.password(n.password());
            String hash = passwords.hash(n.password());
            Optional<String> inRegion = region;
            Optional<String> atOffice = office;
            StoredStaff created = accounts.atomically(() -> {
                StoredStaff s = accounts.createStaff(new StoredStaff(UUID.randomUUID(), username, hash, n.role(), inRegion, atOffice, clock.instant()));
                audit.record("staff:" + me.username(), "STAFF_CREATE", inRegion.orElse(null), Optional.empty(), "DONE",
                        Optional.of(username + " as " + n.role() + atOffice.map(o -> " of " + o).orElse("")));
                return s;
            });
            return view(created);
        } finally {
            if (n.password() != null) {
                Arrays.fill(n.password(), '\0');
            }
        }
    }

    @Override
    public List<CandidateView> search(String token, String regionCode, Optional<String> text, int limit) {
        StoredStaff me = staff(token);
        LiveRegion region = live(regionCode);
        if (!me.region().map(regionCode::equals).orElse(false) || me.role() == StaffRole.PLATFORM_ADMIN) {
            throw denied(me, "CANDIDATE_SEARCH", regionCode, Optional.empty(), "outside the account's region");
        }
        int max = RegistrationRules.limit(limit, SEARCH_MAX);
        CandidateQuery q = me.role() == StaffRole.ASSISTANCE_UNIT
                ? new CandidateQuery(Optional.empty(), me.office(), text.filter(t -> !t.isBlank()).map(String::trim), max)
                : new CandidateQuery(offices(me, region), Optional.empty(), text.filter(t -> !t.isBlank()).map(String::trim), max);
        List<CandidateView> found = store.search(regionCode, q).stream().map(c -> Views.of(c, store)).toList();
        audit.record("staff:" + me.username(), "CANDIDATE_SEARCH", regionCode, Optional.empty(), "ALLOWED",
                Optional.of(found.size() + " found"));
        return found;
    }

    /** The offices whose candidates the account may see; empty for the whole region. */
    static Optional<Set<String>> offices(StoredStaff s, LiveRegion region) {
        return switch (s.role()) {
            case PROVINCE_OFFICE -> Optional.empty();
            case CITY_OFFICE -> Optional.of(region.profile().offices().stream()
                    .filter(o -> o.code().equals(s.office().orElse("")) || o.parentCode().equals(s.office().orElse("")))
                    .map(Office::code).collect(Collectors.toSet()));
            default -> Optional.of(Set.of(s.office().orElse("")));
        };
    }

    static boolean inScope(StoredStaff s, LiveRegion region, StoredCandidate c) {
        if (!s.region().map(region.code()::equals).orElse(false)) {
            return false;
        }
        return switch (s.role()) {
            case PLATFORM_ADMIN -> false;
            case ASSISTANCE_UNIT -> c.assistanceUnit().isPresent() && c.assistanceUnit().equals(s.office());
            default -> offices(s, region).map(set -> set.contains(c.officeCode())).orElse(true);
        };
    }

    /** The candidate if in the account's scope; else FORBIDDEN, audited. Unknown candidates are 404 only inside the region. */
    private StoredCandidate candidate(StoredStaff me, LiveRegion region, UUID id, String action) {
        if (!me.region().map(region.code()::equals).orElse(false)) {
            throw denied(me, action, region.code(), Optional.of(id.toString()), "outside the account's region");
        }
        StoredCandidate c = store.findById(region.code(), id).orElseThrow(() -> new KaowuException(ErrorCode.CANDIDATE_NOT_FOUND, "No such candidate"));
        if (!inScope(me, region, c)) {
            throw denied(me, action, region.code(), Optional.of(id.toString()), "candidate outside the account's scope");
        }
        return c;
    }

    private KaowuException denied(StoredStaff me, String action, String region, Optional<String> subject, String why) {
        audit.record("staff:" + me.username(), action, region, subject, "DENIED", Optional.of(why));
        return new KaowuException(ErrorCode.FORBIDDEN, "Not allowed: " + why);
    }

    private LiveRegion live(String code) {
        return regions.live(code).orElseThrow(() -> new KaowuException(ErrorCode.REGION_NOT_FOUND, "No region " + code + " is installed"));
    }

    @Override
    public CandidateView read(String token, String regionCode, UUID id) {
        StoredStaff me = staff(token);
        StoredCandidate c = candidate(me, live(regionCode), id, "CANDIDATE_READ");
        audit.record("staff:" + me.username(), "CANDIDATE_READ", regionCode, Optional.of(id.toString()), "ALLOWED",
                Optional.of("full record with ID " + IdentityDocuments.mask(c.idNumber())));
        return Views.of(c, store);
    }

    @Override
    public CandidateView review(String token, String regionCode, UUID id, boolean approve, Optional<String> reason) {
        StoredStaff me = staff(token);
        LiveRegion region = live(regionCode);
        StoredCandidate c = candidate(me, region, id, "REGISTRATION_REVIEW");
        if (!OFFICES.contains(me.role())) {
            throw denied(me, "REGISTRATION_REVIEW", regionCode, Optional.of(id.toString()), me.role() + " does not review registrations");
        }
        Optional<String> why = reason.filter(r -> !r.isBlank()).map(r -> RegistrationRules.required(r, "reason", 500));
        if (!approve && why.isEmpty()) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, "reason", "A rejection needs a reason the candidate will see");
        }
        LocalDate today = LocalDate.now(clock.withZone(region.profile().timeZone()));
        // The decision and its audit row commit together; the row names the region revision whose rules applied.
        StoredCandidate done = accounts.atomically(() -> {
            StoredCandidate d = store.update(regionCode, c.id(), (current, seq) -> {
                RegistrationStep step = Flows.expect(region.flow().flow(), current, RegistrationStep.Kind.OFFICE_APPROVAL);
                return CandidateChange.of(approve ? Flows.complete(region, current, step, seq, today)
                        : current.progressed(org.kaowu.api.RegistrationStatus.REJECTED, current.nextStep(), current.ticketNumber()).withRejection(why));
            });
            audit.record("staff:" + me.username(), "REGISTRATION_REVIEW", regionCode, Optional.of(id.toString()), approve ? "APPROVED" : "REJECTED",
                    Optional.of(why.map(w -> w + "; ").orElse("") + "by " + region.bundle() + " " + region.bundleVersion()));
            return d;
        });
        return Views.of(done, store);
    }

    @Override
    public CandidateView confirm(String token, String regionCode, UUID id, ConfirmationMethod.Kind method, byte[] photo) {
        StoredStaff me = staff(token);
        LiveRegion region = live(regionCode);
        StoredCandidate c = candidate(me, region, id, "IDENTITY_CONFIRMATION");
        if (method == null || method == ConfirmationMethod.Kind.ONLINE) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, "method", "Staff confirm ON_SITE or ASSISTANCE_UNIT");
        }
        if (region.confirmation().methods().stream().noneMatch(m -> m.kind() == method)) {
            throw new KaowuException(ErrorCode.NOT_OFFERED, "method", "This region does not confirm identities " + method);
        }
        boolean roleFits = method == ConfirmationMethod.Kind.ASSISTANCE_UNIT ? me.role() == StaffRole.ASSISTANCE_UNIT : OFFICES.contains(me.role());
        if (!roleFits) {
            throw denied(me, "IDENTITY_CONFIRMATION", regionCode, Optional.of(id.toString()), me.role() + " may not confirm " + method);
        }
        CheckedUpload checked = Photos.check(photo, region.photo().requirements(), "photo");
        LocalDate today = LocalDate.now(clock.withZone(region.profile().timeZone()));
        Instant now = clock.instant();
        StoredCandidate done = accounts.atomically(() -> {
            StoredCandidate d = store.update(regionCode, c.id(), (current, seq) -> {
                RegistrationStep step = Flows.expect(region.flow().flow(), current, RegistrationStep.Kind.IDENTITY_CONFIRMATION);
                return new CandidateChange(Flows.complete(region, current, step, seq, today).withConfirmation(method.name(), "staff:" + me.username(), now),
                        Optional.of(new Photo(checked.format(), checked.bytes(), now)));
            });
            audit.record("staff:" + me.username(), "IDENTITY_CONFIRMATION", regionCode, Optional.of(id.toString()), "DONE",
                    Optional.of(method + d.ticketNumber().map(t -> ", ticket issued by " + d.ticketIssuedBy().orElse("?")).orElse("")));
            return d;
        });
        return Views.of(done, store);
    }

    @Override
    public void importRecordOnFile(String token, String regionCode, String name, String idNumber, String ticketNumber, String office) {
        StoredStaff me = staff(token);
        LiveRegion region = live(regionCode);
        if (me.role() != StaffRole.PROVINCE_OFFICE || !me.region().map(regionCode::equals).orElse(false)) {
            throw denied(me, "RECORD_ON_FILE_IMPORT", regionCode, Optional.empty(), "only the region's province office imports records on file");
        }
        String n = RegistrationRules.name(name);
        String id = IdentityDocuments.validate(org.kaowu.api.IdentityDocumentType.RESIDENT_ID,
                RegistrationRules.required(idNumber, "idNumber", RegistrationRules.ID_NUMBER_MAX),
                LocalDate.now(clock.withZone(live(regionCode).profile().timeZone())));
        String ticket = RegistrationRules.required(ticketNumber, "ticketNumber", 32).trim();
        if (!region.ticketNumbers().isValid(ticket)) {
            throw invalidTicket(region);
        }
        String officeCode = RegistrationRules.required(office, "office", RegistrationRules.OFFICE_MAX);
        if (region.profile().offices().stream().noneMatch(o -> o.code().equals(officeCode) && o.level() == Office.OfficeLevel.COUNTY)) {
            throw new KaowuException(ErrorCode.OFFICE_NOT_FOUND, "office", "No county office " + officeCode + " in " + regionCode);
        }
        accounts.atomically(() -> {
            store.importRecordOnFile(new org.kaowu.store.RecordOnFile(regionCode, ticket, id, n, officeCode, clock.instant(), "staff:" + me.username(),
                    Optional.empty()));
            audit.record("staff:" + me.username(), "RECORD_ON_FILE_IMPORT", regionCode, Optional.empty(), "DONE",
                    Optional.of("ticket " + ticket + ", ID " + IdentityDocuments.mask(id)));
            return null;
        });
    }

    /** Most rows of one CSV import. */
    static final int IMPORT_MAX_ROWS = 100_000;
    private static final List<String> RECORD_COLUMNS = List.of("name", "idNumber", "ticketNumber", "office");

    private static KaowuException invalidTicket(LiveRegion region) {
        return new KaowuException(ErrorCode.INVALID_TICKET_NUMBER, "ticketNumber", "Not a ticket number of " + region.code() + " ("
                + region.ticketNumbers().structure().parts().stream().map(p -> p.name() + " " + p.width()).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public int importRecordsOnFile(String token, String regionCode, java.io.InputStream csv) {
        StoredStaff me = staff(token);
        LiveRegion region = live(regionCode);
        if (me.role() != StaffRole.PROVINCE_OFFICE || !me.region().map(regionCode::equals).orElse(false)) {
            throw denied(me, "RECORDS_ON_FILE_IMPORT", regionCode, Optional.empty(), "only the region's province office imports records on file");
        }
        String actor = "staff:" + me.username();
        long started = System.nanoTime();
        try {
            List<CsvFile.Row> rows = CsvFile.read(csv, RECORD_COLUMNS, IMPORT_MAX_ROWS);
            long read = System.nanoTime();
            LocalDate today = LocalDate.now(clock.withZone(region.profile().timeZone()));
            Set<String> counties = region.profile().offices().stream().filter(o -> o.level() == Office.OfficeLevel.COUNTY).map(Office::code)
                    .collect(Collectors.toSet());
            Instant now = clock.instant();
            List<org.kaowu.api.LineError> errors = new java.util.ArrayList<>();
            List<org.kaowu.store.RecordOnFile> records = new java.util.ArrayList<>();
            List<Integer> lines = new java.util.ArrayList<>();
            java.util.Map<String, Integer> firstLine = new java.util.HashMap<>();
            List<String> checkedTickets = new java.util.ArrayList<>();
            List<Integer> checkedLines = new java.util.ArrayList<>();
            for (CsvFile.Row row : rows) {
                int before = errors.size();
                String name = field(errors, row, "name", () -> RegistrationRules.name(row.get("name")));
                String id = field(errors, row, "idNumber", () -> IdentityDocuments.validate(org.kaowu.api.IdentityDocumentType.RESIDENT_ID,
                        RegistrationRules.required(row.get("idNumber"), "idNumber", RegistrationRules.ID_NUMBER_MAX), today));
                String ticket = field(errors, row, "ticketNumber", () -> {
                    String t = RegistrationRules.required(row.get("ticketNumber"), "ticketNumber", 32);
                    if (!region.ticketNumbers().isValid(t)) {
                        throw invalidTicket(region);
                    }
                    Integer seen = firstLine.putIfAbsent(t, row.line());
                    if (seen != null) {
                        throw new KaowuException(ErrorCode.TICKET_NUMBER_HELD, "ticketNumber", "The same ticket number is on line " + seen);
                    }
                    return t;
                });
                String office = field(errors, row, "office", () -> {
                    String o = RegistrationRules.required(row.get("office"), "office", RegistrationRules.OFFICE_MAX);
                    if (!counties.contains(o)) {
                        throw new KaowuException(ErrorCode.OFFICE_NOT_FOUND, "office", "No county office " + o + " in " + regionCode);
                    }
                    return o;
                });
                if (ticket != null) {
                    checkedTickets.add(ticket);
                    checkedLines.add(row.line());
                }
                if (ticket != null && errors.size() == before) {
                    records.add(new org.kaowu.store.RecordOnFile(regionCode, ticket, id, name, office, now, actor, Optional.empty()));
                    lines.add(row.line());
                }
            }
            // Numbers already held are errors too, found now so that one answer lists every fault.
            long checked = System.nanoTime();
            store.heldTickets(regionCode, checkedTickets).forEach(h -> errors.add(held(checkedLines.get(h.index()), h)));
            long heldChecked = System.nanoTime();
            LOG.info("Records on file for {}: {} rows read in {} ms, checked in {} ms, held numbers looked up in {} ms, {} errors", regionCode,
                    rows.size(), (read - started) / 1_000_000, (checked - read) / 1_000_000, (heldChecked - checked) / 1_000_000, errors.size());
            if (!errors.isEmpty() || rows.isEmpty()) {
                if (rows.isEmpty()) {
                    errors.add(new org.kaowu.api.LineError(2, null, ErrorCode.FIELD_REQUIRED, "The file has no records"));
                }
                errors.sort(java.util.Comparator.comparingInt(org.kaowu.api.LineError::line));
                throw CsvFile.refused(errors);
            }
            int imported = accounts.atomically(() -> {
                org.kaowu.store.RecordsImport done = store.importRecordsOnFile(records);
                if (!done.held().isEmpty()) {
                    // Held meanwhile (a concurrent import or registration): nothing is applied.
                    throw CsvFile.refused(done.held().stream().map(h -> held(lines.get(h.index()), h)).toList());
                }
                audit.record(actor, "RECORDS_ON_FILE_IMPORT", regionCode, Optional.empty(), "DONE", Optional.of(done.imported() + " records from a CSV file"));
                return done.imported();
            });
            LOG.info("Imported {} records on file in {}: {} ms in all", imported, regionCode, (System.nanoTime() - started) / 1_000_000);
            return imported;
        } catch (org.kaowu.api.ImportRefusedException e) {
            audit.record(actor, "RECORDS_ON_FILE_IMPORT", regionCode, Optional.empty(), "REFUSED", Optional.of(e.errors().size() + " errors on lines "
                    + e.errors().stream().map(x -> Integer.toString(x.line())).distinct().limit(20).collect(Collectors.joining(","))
                    + (e.errors().size() > 20 ? ",..." : "")));
            throw e;
        }
    }

    private static org.kaowu.api.LineError held(int line, org.kaowu.store.RecordsImport.Held h) {
        return new org.kaowu.api.LineError(line, "ticketNumber", ErrorCode.TICKET_NUMBER_HELD,
                h.onFile() ? "This ticket number is already on file in this region" : "A candidate of this region holds this ticket number");
    }

    /** The checked value of one field, or null with its fault added to {@code errors}. */
    private static String field(List<org.kaowu.api.LineError> errors, CsvFile.Row row, String column, java.util.function.Supplier<String> check) {
        try {
            return check.get();
        } catch (KaowuException e) {
            errors.add(new org.kaowu.api.LineError(row.line(), column, e.code(), e.getMessage()));
            return null;
        }
    }

    /** How long a reset code handed over at an office stays valid (real time: a security timer). */
    static final java.time.Duration OFFICE_RESET_TTL = java.time.Duration.ofHours(24);
    private static final char[] CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    @Override
    public org.kaowu.api.OfficePasswordReset startPasswordReset(String token, String regionCode, UUID id, boolean identityChecked) {
        StoredStaff me = staff(token);
        LiveRegion region = live(regionCode);
        StoredCandidate c = candidate(me, region, id, "PASSWORD_RESET_BY_OFFICE");
        if (!OFFICES.contains(me.role())) {
            throw denied(me, "PASSWORD_RESET_BY_OFFICE", regionCode, Optional.of(id.toString()), me.role() + " does not reset passwords");
        }
        if (!identityChecked) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, "identityChecked",
                    "A reset is started only for a candidate who came in person and showed their identity document");
        }
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)]);
        }
        UUID recovery = UUID.randomUUID();
        Instant expires = Instant.now().plus(OFFICE_RESET_TTL);
        accounts.atomically(() -> {
            accounts.createRecovery(new org.kaowu.store.PasswordRecoveryRecord(recovery, c.id(), org.kaowu.api.rules.Recovery.Channel.IN_PERSON.name(),
                    CandidateAccountService.sha256(code.toString()), expires, Optional.empty(), 0, Optional.empty()));
            audit.record("staff:" + me.username(), "PASSWORD_RESET_BY_OFFICE", regionCode, Optional.of(id.toString()), "STARTED",
                    Optional.of("in person, ID " + IdentityDocuments.mask(c.idNumber()) + " seen; code handed over, valid until " + expires));
            return null;
        });
        return new org.kaowu.api.OfficePasswordReset(recovery, code.toString(), expires);
    }

    @Override
    public CandidateView correctRegistration(String token, String regionCode, UUID id, org.kaowu.api.RegistrationCorrection correction, String reason) {
        StoredStaff me = staff(token);
        LiveRegion region = live(regionCode);
        StoredCandidate c = candidate(me, region, id, "REGISTRATION_CORRECTION");
        if (!OFFICES.contains(me.role())) {
            throw denied(me, "REGISTRATION_CORRECTION", regionCode, Optional.of(id.toString()), me.role() + " does not correct registrations");
        }
        String why = RegistrationRules.required(reason, "reason", 500);
        LocalDate today = LocalDate.now(clock.withZone(region.profile().timeZone()));
        Corrections.apply(region, c, correction, today);
        StoredCandidate done = accounts.atomically(() -> {
            String[] change = new String[1];
            StoredCandidate d = store.update(regionCode, c.id(), (current, seq) -> {
                StoredCandidate next = Corrections.apply(region, current, correction, today);
                if (!Corrections.changed(current, next)) {
                    throw new KaowuException(ErrorCode.VALIDATION_FAILED, "The correction changes nothing");
                }
                change[0] = Corrections.describe(current, next);
                return CandidateChange.of(next);
            });
            audit.record("staff:" + me.username(), "REGISTRATION_CORRECTION", regionCode, Optional.of(id.toString()), "DONE",
                    Optional.of(change[0] + "; reason: " + why));
            return d;
        });
        return Views.of(done, store);
    }

    @Override
    public CandidateView undoMerge(String token, String regionCode, UUID candidate, UUID merge) {
        StoredStaff me = staff(token);
        LiveRegion region = live(regionCode);
        StoredCandidate c = candidate(me, region, candidate, "TICKET_MERGE_UNDO");
        if (!OFFICES.contains(me.role())) {
            throw denied(me, "TICKET_MERGE_UNDO", regionCode, Optional.of(candidate.toString()), me.role() + " does not undo merges");
        }
        if (store.merges(regionCode, c.id()).stream().noneMatch(m -> m.id().equals(merge))) {
            throw new KaowuException(ErrorCode.CANDIDATE_NOT_FOUND, "No such merge for this candidate");
        }
        accounts.atomically(() -> {
            var undone = store.undoMerge(regionCode, merge, "staff:" + me.username(), clock.instant());
            audit.record("staff:" + me.username(), "TICKET_MERGE_UNDO", regionCode, Optional.of(candidate.toString()), "DONE",
                    Optional.of("ticket " + undone.mergedTicket() + " separated from " + undone.keptTicket()));
            return undone;
        });
        return Views.of(c, store);
    }

    @Override
    public Document educationProof(String token, String regionCode, UUID candidate) {
        StoredStaff me = staff(token);
        StoredCandidate c = candidate(me, live(regionCode), candidate, "EDUCATION_PROOF_READ");
        Photo proof = store.proof(c.id()).orElseThrow(() -> new KaowuException(ErrorCode.CANDIDATE_NOT_FOUND, "No proof uploaded"));
        audit.record("staff:" + me.username(), "EDUCATION_PROOF_READ", regionCode, Optional.of(candidate.toString()), "ALLOWED", Optional.empty());
        return new Document(Documents.mediaType(proof.format()), proof.image());
    }

    @Override
    public CandidateView reviewEducationProof(String token, String regionCode, UUID candidate, boolean accept, Optional<String> reason) {
        StoredStaff me = staff(token);
        StoredCandidate c = candidate(me, live(regionCode), candidate, "EDUCATION_PROOF_REVIEW");
        if (!OFFICES.contains(me.role())) {
            throw denied(me, "EDUCATION_PROOF_REVIEW", regionCode, Optional.of(candidate.toString()), me.role() + " does not review proof");
        }
        Optional<String> why = reason.filter(r -> !r.isBlank()).map(r -> RegistrationRules.required(r, "reason", 500));
        if (!accept && why.isEmpty()) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, "reason", "A rejection needs a reason the candidate will see");
        }
        PriorEducation p = store.priorEducation(c.id()).filter(x -> x.status() == PriorEducation.Status.PROOF_SUBMITTED)
                .orElseThrow(() -> new KaowuException(ErrorCode.WRONG_STEP, "No proof waits for review"));
        accounts.atomically(() -> {
            store.savePriorEducation(new PriorEducation(c.id(), p.major(), p.diplomaNumber(),
                    accept ? PriorEducation.Status.ACCEPTED : PriorEducation.Status.REJECTED, p.reference(), accept ? Optional.empty() : why,
                    clock.instant()), Optional.empty());
            audit.record("staff:" + me.username(), "EDUCATION_PROOF_REVIEW", regionCode, Optional.of(candidate.toString()),
                    accept ? "ACCEPTED" : "REJECTED", why);
            return null;
        });
        return Views.of(c, store);
    }

    @Override
    public List<AuditEntry> audit(String token, String regionCode, Optional<String> subject, int limit) {
        StoredStaff me = staff(token);
        if (me.role() != StaffRole.PROVINCE_OFFICE && me.role() != StaffRole.PLATFORM_ADMIN
                || (me.role() == StaffRole.PROVINCE_OFFICE && !me.region().map(regionCode::equals).orElse(false))) {
            throw denied(me, "AUDIT_READ", regionCode, subject, "only the province office and administrators read the audit trail");
        }
        return accounts.auditTrail(regionCode, subject, RegistrationRules.limit(limit, AUDIT_MAX)).stream()
                .map(e -> new AuditEntry(e.at(), e.actor(), e.action(), e.subject(), e.outcome(), e.detail())).toList();
    }
}
