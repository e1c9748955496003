package org.kaowu.service.internal;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.kaowu.api.CandidateAccounts;
import org.kaowu.api.CandidateView;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.PasswordHashing;
import org.kaowu.api.RecoveryStarted;
import org.kaowu.api.SessionToken;
import org.kaowu.api.Throttle;
import org.kaowu.api.rules.ConfirmationMethod;
import org.kaowu.api.rules.LoginIdentifier;
import org.kaowu.api.rules.Recovery;
import org.kaowu.api.rules.RegistrationStep;
import org.kaowu.api.rules.Major;
import org.kaowu.spi.IdentityVerifier;
import org.kaowu.spi.PriorEducationVerifier;
import org.kaowu.spi.RegionProperties;
import org.kaowu.store.PriorEducation;
import org.kaowu.spi.NotificationChannel;
import org.kaowu.store.AccountStore;
import org.kaowu.store.CandidateChange;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.PasswordRecoveryRecord;
import org.kaowu.store.Photo;
import org.kaowu.store.StoredCandidate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Candidates' own accounts: login by the identifiers the region allows with growing delays after
 * failures, signed session tokens, the record, password change, online identity confirmation through the
 * {@link IdentityVerifier} plugin, mobile binding by SMS code, and password recovery by the region's
 * channels through {@link NotificationChannel} plugins. Secrets sent to candidates are stored only as
 * SHA-256 hashes, are single use and expire.
 */
@Component(configurationPid = "org.kaowu.accounts")
@Designate(ocd = CandidateAccountService.Config.class)
public final class CandidateAccountService implements CandidateAccounts {

    /** Field-injected (not in the constructor) to keep this addition apart from the constructor other work changes. */
    @org.osgi.service.component.annotations.Reference
    private CandidateNoticeService notices;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration LINK_TTL = Duration.ofMinutes(30);
    private static final Duration CODE_TTL = Duration.ofMinutes(10);
    private static final int MAX_CODE_ATTEMPTS = 5;
    /** The channel of a mobile-binding code (store: {@code password_recovery.channel}). */
    private static final String BINDING = "BIND";
    private static final String FALLBACK_URL = "http://localhost:8080";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CandidateAccountService.class);

    @ObjectClassDefinition(name = "Kaowu candidate accounts")
    public @interface Config {
        @AttributeDefinition(name = "Public address", description = "The portal's address as candidates reach it, for links in "
                + "e-mails, e.g. https://zikao.example.cn/. Unset: links point at http://localhost:8080 and the log warns at every start")
        String publicUrl() default "";
    }

    private final Regions regions;
    private final CandidateStore store;
    private final AccountStore accounts;
    private final PasswordHashing passwords;
    private final SessionTokens tokens;
    private final Notifications notifications;
    private final Clock clock;
    /** Security timers (code and link expiry) run on real time, never on the movable business clock. */
    private final Clock realTime = Clock.systemUTC();
    private final Throttle throttle;
    private final Audit audit;
    private final String publicUrl;
    private final PluginChoice<IdentityVerifier> verifiers;
    private final PluginChoice<PriorEducationVerifier> educationRecords;

    @Activate
    public CandidateAccountService(Config config, @Reference Regions regions, @Reference CandidateStore store, @Reference AccountStore accounts,
            @Reference PasswordHashing passwords, @Reference SessionTokens tokens, @Reference Notifications notifications,
            @Reference Clock clock, @Reference Throttle throttle, @Reference Simulators simulators) {
        this.verifiers = new PluginChoice<>(RegionProperties.REGION, true, simulators::allowed);
        this.educationRecords = new PluginChoice<>(RegionProperties.REGION, true, simulators::allowed);
        this.regions = regions;
        this.store = store;
        this.accounts = accounts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.notifications = notifications;
        this.clock = clock;
        this.throttle = throttle;
        this.audit = new Audit(accounts, clock);
        String url = config.publicUrl() == null ? "" : config.publicUrl().trim().replaceAll("/+$", "");
        if (url.isEmpty()) {
            LOG.warn("publicUrl is not set in conf/org.kaowu.accounts.cfg: links in e-mails point at {}, which candidates cannot open",
                    FALLBACK_URL);
            url = FALLBACK_URL;
        }
        this.publicUrl = url;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindVerifier(IdentityVerifier verifier, Map<String, Object> props) {
        verifiers.bind(verifier, props);
    }

    void unbindVerifier(IdentityVerifier verifier) {
        verifiers.unbind(verifier);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindEducationRecords(PriorEducationVerifier verifier, Map<String, Object> props) {
        educationRecords.bind(verifier, props);
    }

    void unbindEducationRecords(PriorEducationVerifier verifier) {
        educationRecords.unbind(verifier);
    }

    private LiveRegion region(String code) {
        return regions.live(code).orElseThrow(() -> new KaowuException(ErrorCode.REGION_NOT_FOUND, "No region " + code + " is installed"));
    }

    @Override
    public SessionToken login(String regionCode, String login, char[] password, String client) {
        try {
            LiveRegion region = region(regionCode);
            String name = RegistrationRules.required(login, "login", 254).trim();
            if (password == null || password.length == 0) {
                throw new KaowuException(ErrorCode.FIELD_REQUIRED, "password", "password is required");
            }
            // Reserved before the password is checked: of thirty attempts at once, five are checked.
            String key = regionCode + "\n" + name;
            throttle.reserveAttempt("candidate", key);
            Optional<StoredCandidate> found = Optional.empty();
            for (LoginIdentifier id : region.flow().flow().loginIdentifiers()) {
                String value = id == LoginIdentifier.ID_NUMBER ? name.toUpperCase(java.util.Locale.ROOT)
                        : id == LoginIdentifier.EMAIL ? name.toLowerCase(java.util.Locale.ROOT) : name;
                found = store.findByLogin(regionCode, id, value);
                if (found.isPresent()) {
                    break;
                }
            }
            // Verify a hash even when nobody matched, so that timing does not tell the two apart.
            boolean ok = found.isPresent() ? passwords.verify(password, found.get().passwordHash())
                    : passwords.verifyNothing(password);
            if (!ok) {
                audit.record("client:" + client, "CANDIDATE_LOGIN", regionCode, found.map(c -> c.id().toString()), "FAILED", Optional.empty());
                throw new KaowuException(ErrorCode.INVALID_CREDENTIALS, "Login name or password is wrong");
            }
            throttle.succeeded("candidate", key);
            audit.record("candidate:" + found.get().id(), "CANDIDATE_LOGIN", regionCode, Optional.of(found.get().id().toString()), "DONE",
                    Optional.of("from " + client));
            return tokens.issue(SessionTokens.Kind.CANDIDATE, found.get().id(), regionCode);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Override
    public void logout(String regionCode, String token) {
        SessionTokens.Claims c = claims(regionCode, token);
        tokens.revoke(token);
        audit.record("candidate:" + c.subject(), "CANDIDATE_LOGOUT", regionCode, Optional.of(c.subject().toString()), "DONE", Optional.empty());
    }

    private SessionTokens.Claims claims(String regionCode, String token) {
        SessionTokens.Claims c = tokens.verify(token, SessionTokens.Kind.CANDIDATE);
        if (!c.region().equals(regionCode)) {
            throw new KaowuException(ErrorCode.UNAUTHENTICATED, "This session belongs to another region");
        }
        return c;
    }

    private StoredCandidate self(String regionCode, String token) {
        SessionTokens.Claims c = claims(regionCode, token);
        return store.findById(regionCode, c.subject())
                .orElseThrow(() -> new KaowuException(ErrorCode.UNAUTHENTICATED, "The session's candidate no longer exists"));
    }

    @Override
    public CandidateView me(String regionCode, String token) {
        return Views.of(self(regionCode, token), store);
    }

    @Override
    public void changePassword(String regionCode, String token, char[] oldPassword, char[] newPassword, char[] confirm) {
        try {
            StoredCandidate c = self(regionCode, token);
            checkNewPassword(newPassword, confirm);
            // Guesses of the old password are attempts like logins: reserved before the check.
            String key = regionCode + "\n" + c.id();
            throttle.reserveAttempt("password-change", key);
            if (oldPassword == null || !passwords.verify(oldPassword, c.passwordHash())) {
                audit.record("candidate:" + c.id(), "PASSWORD_CHANGE", regionCode, Optional.of(c.id().toString()), "FAILED", Optional.empty());
                throw new KaowuException(ErrorCode.VERIFICATION_FAILED, "oldPassword", "The old password is wrong");
            }
            throttle.succeeded("password-change", key);
            String hash = passwords.hash(newPassword);
            accounts.atomically(() -> {
                store.update(regionCode, c.id(), (current, seq) -> CandidateChange.of(current.withPasswordHash(hash)));
                // Whoever else holds a session of this account (a stolen token) is out; this one stays.
                tokens.endOtherSessions(token);
                audit.record("candidate:" + c.id(), "PASSWORD_CHANGE", regionCode, Optional.of(c.id().toString()), "DONE",
                        Optional.of("other sessions ended"));
                return null;
            });
        } finally {
            wipe(oldPassword, newPassword, confirm);
        }
    }

    /** The new password meets the rules and its confirmation matches (cheap: before any secret or bcrypt). */
    private static void checkNewPassword(char[] newPassword, char[] confirm) {
        RegistrationRules.password(newPassword);
        if (confirm == null || !Arrays.equals(newPassword, confirm)) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, "confirm", "The new password and its confirmation differ");
        }
    }

    private static void wipe(char[]... secrets) {
        for (char[] s : secrets) {
            if (s != null) {
                Arrays.fill(s, '\0');
            }
        }
    }

    @Override
    public CandidateView confirmOnline(String regionCode, String token, byte[] idCardImage, byte[] faceImage, byte[] idPhoto) {
        LiveRegion region = region(regionCode);
        StoredCandidate c = self(regionCode, token);
        if (region.confirmation().methods().stream().noneMatch(m -> m.kind() == ConfirmationMethod.Kind.ONLINE)) {
            throw new KaowuException(ErrorCode.NOT_OFFERED, "This region does not confirm identities online");
        }
        Flows.expect(region.flow().flow(), c, RegistrationStep.Kind.IDENTITY_CONFIRMATION);
        var rules = region.photo().requirements();
        CheckedUpload photo = Photos.check(idPhoto, rules, "idPhoto");
        CheckedUpload idCard = Photos.image(idCardImage, "idCardImage");
        CheckedUpload face = Photos.image(faceImage, "faceImage");
        IdentityVerifier verifier = verifier(regionCode);
        IdentityVerifier.Verdict verdict;
        try {
            verdict = verifier.verify(new IdentityVerifier.IdentityCheck(regionCode, c.name(), c.idNumber(), idCard.bytes(), face.bytes(),
                    photo.bytes()));
        } catch (UncheckedIOException e) {
            audit.record("candidate:" + c.id(), "ONLINE_CONFIRMATION", regionCode, Optional.of(c.id().toString()), "FAILED",
                    Optional.of("verifier unavailable"));
            throw new KaowuException(ErrorCode.UPSTREAM_UNAVAILABLE, null, "The identity check service did not answer; try again",
                    Duration.ofSeconds(10));
        }
        if (!verdict.passed()) {
            audit.record("candidate:" + c.id(), "ONLINE_CONFIRMATION", regionCode, Optional.of(c.id().toString()), "FAILED",
                    Optional.of(verdict.reason() + " ref " + verdict.reference()));
            throw new KaowuException(ErrorCode.IDENTITY_CHECK_FAILED, "Identity check failed: " + verdict.reason() + "; you may try again");
        }
        LocalDate today = LocalDate.now(clock.withZone(region.profile().timeZone()));
        Instant now = clock.instant();
        java.util.List<CandidateNoticeService.Pending> told = new java.util.ArrayList<>();
        StoredCandidate done = accounts.atomically(() -> {
            StoredCandidate d = store.update(regionCode, c.id(), (current, seq) -> {
                RegistrationStep step = Flows.expect(region.flow().flow(), current, RegistrationStep.Kind.IDENTITY_CONFIRMATION);
                return new CandidateChange(Flows.complete(region, current, step, seq, today).withConfirmation("ONLINE", "verifier:" + verdict.reference(), now),
                        Optional.of(new Photo(photo.format(), photo.bytes(), now)));
            });
            audit.record("candidate:" + c.id(), "ONLINE_CONFIRMATION", regionCode, Optional.of(c.id().toString()), "DONE",
                    Optional.of("ref " + verdict.reference() + d.ticketNumber().map(t -> ", ticket issued by " + d.ticketIssuedBy().orElse("?")).orElse("")));
            told.clear();
            told.addAll(notices.recordChange(c, d));
            return d;
        });
        notices.deliver(told);
        return Views.of(done, store);
    }

    private IdentityVerifier verifier(String regionCode) {
        return verifiers.forKey(regionCode).orElseThrow(() -> new KaowuException(ErrorCode.UPSTREAM_UNAVAILABLE, null,
                "No identity check service serves this region (a simulated one serves only while conf/org.kaowu.simulators.cfg allows it)",
                Duration.ofSeconds(60)));
    }

    @Override
    public CandidateView checkPriorEducation(String regionCode, String token, String major, String diplomaNumber) {
        LiveRegion region = region(regionCode);
        StoredCandidate c = self(regionCode, token);
        String code = RegistrationRules.required(major, "major", 32).trim();
        String diploma = RegistrationRules.required(diplomaNumber, "diplomaNumber", 64).trim();
        Major m = region.catalogue().catalogue().majors().stream().filter(x -> x.code().equals(code)).findFirst()
                .orElseThrow(() -> new KaowuException(ErrorCode.VALIDATION_FAILED, "major", "No major " + code + " in this region's catalogue"));
        if (m.level() != Major.Level.ASSOCIATE_TO_BACHELOR) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, "major", "Major " + code + " is not associate-to-bachelor: no prior diploma is checked");
        }
        Optional<PriorEducation> before = store.priorEducation(c.id());
        if (before.map(p -> p.status() == PriorEducation.Status.VERIFIED || p.status() == PriorEducation.Status.ACCEPTED).orElse(false)) {
            return Views.of(c, store);
        }
        PriorEducationVerifier records = educationRecords.forKey(regionCode).orElseThrow(() -> new KaowuException(
                ErrorCode.UPSTREAM_UNAVAILABLE, null, "No education records service is installed", Duration.ofSeconds(60)));
        IdentityVerifier.Verdict verdict;
        try {
            verdict = records.verify(new PriorEducationVerifier.EducationCheck(regionCode, c.name(), c.idNumber(), diploma));
        } catch (UncheckedIOException e) {
            throw new KaowuException(ErrorCode.UPSTREAM_UNAVAILABLE, null, "The education records did not answer; try again", Duration.ofSeconds(10));
        }
        PriorEducation.Status status = verdict.passed() ? PriorEducation.Status.VERIFIED : PriorEducation.Status.NOT_FOUND;
        store.savePriorEducation(new PriorEducation(c.id(), code, diploma, status, Optional.of(verdict.reference()),
                verdict.passed() ? Optional.empty() : Optional.of(verdict.reason()), clock.instant()), Optional.empty());
        audit.record("candidate:" + c.id(), "PRIOR_EDUCATION_CHECK", regionCode, Optional.of(c.id().toString()), status.name(),
                Optional.of("major " + code + ", ref " + verdict.reference()));
        if (!verdict.passed()) {
            throw new KaowuException(ErrorCode.PRIOR_EDUCATION_NOT_VERIFIED, "diplomaNumber", "The national records do not confirm this diploma ("
                    + verdict.reason() + "); upload a verification report or registration record for your office to review");
        }
        return Views.of(c, store);
    }

    @Override
    public CandidateView submitEducationProof(String regionCode, String token, byte[] document) {
        region(regionCode);
        StoredCandidate c = self(regionCode, token);
        PriorEducation p = store.priorEducation(c.id())
                .filter(x -> x.status() == PriorEducation.Status.NOT_FOUND || x.status() == PriorEducation.Status.REJECTED
                        || x.status() == PriorEducation.Status.PROOF_SUBMITTED)
                .orElseThrow(() -> new KaowuException(ErrorCode.WRONG_STEP, "Proof is uploaded after the online check failed"));
        CheckedUpload proof = Documents.check(document, "document");
        Instant now = clock.instant();
        store.savePriorEducation(new PriorEducation(c.id(), p.major(), p.diplomaNumber(), PriorEducation.Status.PROOF_SUBMITTED, p.reference(),
                Optional.empty(), now), Optional.of(new Photo(proof.format(), proof.bytes(), now)));
        audit.record("candidate:" + c.id(), "EDUCATION_PROOF_UPLOAD", regionCode, Optional.of(c.id().toString()), "DONE",
                Optional.of(proof.format() + ", " + proof.bytes().length + " bytes"));
        return Views.of(c, store);
    }

    @Override
    public CandidateView resubmit(String regionCode, String token, org.kaowu.api.RegistrationCorrection correction) {
        LiveRegion region = region(regionCode);
        StoredCandidate c = self(regionCode, token);
        if (c.status() != org.kaowu.api.RegistrationStatus.REJECTED) {
            throw new KaowuException(ErrorCode.WRONG_STEP, "Only a rejected registration is corrected and submitted again");
        }
        LocalDate today = LocalDate.now(clock.withZone(region.profile().timeZone()));
        Corrections.apply(region, c, correction, today);
        // Back to where the first step leaves a registration, waiting again for the step that rejected it.
        org.kaowu.api.RegistrationStatus waiting = region.flow().flow().newCandidates().get(0).statusAfter();
        StoredCandidate done = accounts.atomically(() -> {
            String[] change = new String[1];
            StoredCandidate d = store.update(regionCode, c.id(), (current, seq) -> {
                if (current.status() != org.kaowu.api.RegistrationStatus.REJECTED) {
                    throw new KaowuException(ErrorCode.WRONG_STEP, "Only a rejected registration is corrected and submitted again");
                }
                StoredCandidate next = Corrections.apply(region, current, correction, today);
                change[0] = Corrections.describe(current, next);
                return CandidateChange.of(next.progressed(waiting, current.nextStep(), current.ticketNumber()).withRejection(Optional.empty()));
            });
            audit.record("candidate:" + c.id(), "REGISTRATION_RESUBMITTED", regionCode, Optional.of(c.id().toString()), waiting.name(),
                    Optional.of(change[0] + "; was rejected: " + c.rejectionReason().orElse("-")));
            return d;
        });
        return Views.of(done, store);
    }

    @Override
    public UUID startMobileBinding(String regionCode, String token, Optional<String> mobile) {
        StoredCandidate c = self(regionCode, token);
        String number = mobile.filter(m -> !m.isBlank()).map(RegistrationRules::mobile).orElse(c.mobile());
        // Every code is an SMS to somebody: limited per candidate and per number (a third party's phone).
        throttle.require(Throttle.Budget.BINDING_PER_CANDIDATE, c.id().toString());
        throttle.require(Throttle.Budget.BINDING_PER_TARGET, number);
        String code = sixDigits();
        UUID id = UUID.randomUUID();
        accounts.createRecovery(new PasswordRecoveryRecord(id, c.id(), BINDING, sha256(code), realTime.instant().plus(CODE_TTL),
                Optional.empty(), 0, Optional.of(number)));
        notifications.send("SMS", new NotificationChannel.Message(regionCode, number, "Kaowu",
                CandidateMessages.bindingCode(c.examLanguage(), code)));
        audit.record("candidate:" + c.id(), "MOBILE_BINDING_CODE_SENT", regionCode, Optional.of(c.id().toString()), "DONE",
                Optional.of("to " + Views.maskAddress(number)));
        return id;
    }

    @Override
    public CandidateView completeMobileBinding(String regionCode, String token, UUID binding, String code) {
        LiveRegion region = region(regionCode);
        StoredCandidate c = self(regionCode, token);
        PasswordRecoveryRecord r = accounts.findRecovery(binding).filter(x -> x.candidate().equals(c.id()) && x.channel().equals(BINDING))
                .orElseThrow(CandidateAccountService::verificationFailed);
        checkSecret(r, code, regionCode, "MOBILE_BINDING");
        String number = r.target().orElseThrow(CandidateAccountService::verificationFailed);
        LocalDate today = LocalDate.now(clock.withZone(region.profile().timeZone()));
        StoredCandidate done = accounts.atomically(() -> {
          StoredCandidate d = store.update(regionCode, c.id(), (current, seq) -> {
            StoredCandidate bound = current.withMobileVerified(number);
            boolean isNext = current.nextStep().flatMap(s -> Flows.step(region.flow().flow(), s))
                    .map(s -> s.kind() == RegistrationStep.Kind.MOBILE_BINDING).orElse(false);
            return CandidateChange.of(isNext ? Flows.complete(region, bound, Flows.expect(region.flow().flow(), bound,
                    RegistrationStep.Kind.MOBILE_BINDING), seq, today) : bound);
          });
          audit.record("candidate:" + c.id(), "MOBILE_BINDING", regionCode, Optional.of(c.id().toString()), "DONE",
                Optional.of(Views.maskAddress(number)));
          return d;
        });
        return Views.of(done, store);
    }

    @Override
    public RecoveryStarted startRecovery(String regionCode, Map<LoginIdentifier, String> identify, Recovery.Channel channel, String client) {
        LiveRegion region = region(regionCode);
        Recovery rules = region.recovery().recovery();
        if (channel == null || !rules.channels().contains(channel) || channel == Recovery.Channel.IN_PERSON) {
            throw new KaowuException(ErrorCode.NOT_OFFERED, "channel", "This region offers recovery by " + rules.channels()
                    + (rules.channels().contains(Recovery.Channel.IN_PERSON) ? " (IN_PERSON at an office)" : ""));
        }
        // Every identifier the region asks for must be given and must point at the same candidate.
        Optional<StoredCandidate> match = Optional.empty();
        boolean matched = true;
        for (LoginIdentifier id : rules.identifyBy()) {
            String value = identify.get(id);
            if (value == null || value.isBlank()) {
                throw new KaowuException(ErrorCode.FIELD_REQUIRED, fieldOf(id), fieldOf(id) + " is required");
            }
            String v = id == LoginIdentifier.ID_NUMBER ? value.trim().toUpperCase(java.util.Locale.ROOT)
                    : id == LoginIdentifier.EMAIL ? value.trim().toLowerCase(java.util.Locale.ROOT) : value.trim();
            Optional<StoredCandidate> c = store.findByLogin(regionCode, id, v);
            if (c.isEmpty() || (match.isPresent() && !match.get().id().equals(c.get().id()))) {
                matched = false;
            }
            match = match.or(() -> c);
        }
        Optional<StoredCandidate> candidate = matched ? match : Optional.empty();
        UUID id = UUID.randomUUID();
        Instant now = realTime.instant();
        audit.record("client:" + client, "RECOVERY_START", regionCode, candidate.map(c -> c.id().toString()),
                candidate.isPresent() ? "DONE" : "NO_MATCH", Optional.of(channel.name()));
        switch (channel) {
            case SECURITY_QUESTION -> {
                Optional<String> question = candidate.flatMap(StoredCandidate::securityQuestion);
                if (question.isEmpty()) {
                    // Probing identifiers this way is limited by the recovery budgets per address and ID number.
                    throw new KaowuException(ErrorCode.VERIFICATION_FAILED, "No candidate with a security question matches these details");
                }
                accounts.createRecovery(new PasswordRecoveryRecord(id, candidate.get().id(), channel.name(), "", now.plus(CODE_TTL), Optional.empty(), 0,
                        Optional.empty()));
                return new RecoveryStarted(id, channel, question, now.plus(CODE_TTL));
            }
            case EMAIL_LINK -> {
                Optional<String> to = candidate.flatMap(StoredCandidate::email);
                if (to.isPresent()) {
                    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
                    accounts.createRecovery(new PasswordRecoveryRecord(id, candidate.get().id(), channel.name(), sha256(secret),
                            now.plus(LINK_TTL), Optional.empty(), 0, Optional.empty()));
                    String link = publicUrl + "/portal/reset.html?region=" + regionCode + "&recovery=" + id + "&token=" + secret;
                    Optional<String> language = candidate.get().examLanguage();
                    notifications.send("EMAIL", new NotificationChannel.Message(regionCode, to.get(), CandidateMessages.resetSubject(language),
                            CandidateMessages.resetBody(language, link)));
                }
                return new RecoveryStarted(id, channel, Optional.empty(), now.plus(LINK_TTL));
            }
            case SMS_CODE -> {
                Optional<String> to = candidate.map(StoredCandidate::mobile);
                if (to.isPresent()) {
                    String code = sixDigits();
                    accounts.createRecovery(new PasswordRecoveryRecord(id, candidate.get().id(), channel.name(), sha256(code),
                            now.plus(CODE_TTL), Optional.empty(), 0, Optional.empty()));
                    notifications.send("SMS", new NotificationChannel.Message(regionCode, to.get(), "Kaowu",
                            CandidateMessages.resetCode(candidate.get().examLanguage(), code)));
                }
                return new RecoveryStarted(id, channel, Optional.empty(), now.plus(CODE_TTL));
            }
            default -> throw new KaowuException(ErrorCode.NOT_OFFERED, "channel", "Not offered: " + channel);
        }
    }

    @Override
    public void completeRecovery(String regionCode, UUID recoveryId, String secret, char[] newPassword, char[] confirm) {
        try {
            region(regionCode);
            // The rules of the new password are checked first (cheap, and say nothing); its bcrypt only after
            // the secret was right, so guessing secrets costs the server no bcrypt.
            checkNewPassword(newPassword, confirm);
            PasswordRecoveryRecord r = accounts.findRecovery(recoveryId).filter(x -> !x.channel().equals(BINDING))
                    .orElseThrow(CandidateAccountService::verificationFailed);
            StoredCandidate c = store.findById(regionCode, r.candidate()).orElseThrow(CandidateAccountService::verificationFailed);
            if (r.channel().equals(Recovery.Channel.SECURITY_QUESTION.name())) {
                if (!accounts.reserveRecoveryAttempt(r.id(), realTime.instant(), MAX_CODE_ATTEMPTS)) {
                    throw verificationFailed();
                }
                boolean right = secret != null && c.securityAnswerHash().isPresent()
                        && passwords.verify(SecurityAnswers.normalise(secret).toCharArray(), c.securityAnswerHash().get());
                if (!right) {
                    audit.record("candidate:" + c.id(), "RECOVERY_COMPLETE", regionCode, Optional.of(c.id().toString()), "FAILED",
                            Optional.of("wrong answer"));
                    throw verificationFailed();
                }
                if (!accounts.useRecovery(r.id(), realTime.instant())) {
                    throw verificationFailed();
                }
            } else {
                checkSecret(r, secret, regionCode, "RECOVERY_COMPLETE");
            }
            String hash = passwords.hash(newPassword);
            accounts.atomically(() -> {
                store.update(regionCode, c.id(), (current, seq) -> CandidateChange.of(current.withPasswordHash(hash)));
                tokens.endSessions(c.id());
                audit.record("candidate:" + c.id(), "RECOVERY_COMPLETE", regionCode, Optional.of(c.id().toString()), "DONE",
                        Optional.of(r.channel() + ", every session ended"));
                return null;
            });
            // A new password lifts a lock on any of the candidate's login names.
            for (Optional<String> login : java.util.List.of(Optional.of(c.idNumber()), c.ticketNumber(), c.email(), Optional.of(c.mobile()))) {
                login.ifPresent(l -> throttle.succeeded("candidate", regionCode + "\n" + l));
            }
        } finally {
            wipe(newPassword, confirm);
        }
    }

    /**
     * A sent secret: an attempt is reserved first (unused, unexpired on real time, within the attempts: a
     * conditional update, so fifty guesses at once get at most five comparisons), then compared, then the
     * secret is marked used (once, even under concurrency).
     */
    private void checkSecret(PasswordRecoveryRecord r, String secret, String regionCode, String action) {
        if (!accounts.reserveRecoveryAttempt(r.id(), realTime.instant(), MAX_CODE_ATTEMPTS)) {
            audit.record("candidate:" + r.candidate(), action, regionCode, Optional.of(r.candidate().toString()), "FAILED",
                    Optional.of(r.usedAt().isPresent() ? "already used" : "expired or too many attempts"));
            throw verificationFailed();
        }
        if (secret == null || !MessageDigest.isEqual(sha256(secret.trim()).getBytes(StandardCharsets.US_ASCII),
                r.secretHash().getBytes(StandardCharsets.US_ASCII))) {
            audit.record("candidate:" + r.candidate(), action, regionCode, Optional.of(r.candidate().toString()), "FAILED",
                    Optional.of("wrong secret"));
            throw verificationFailed();
        }
        if (!accounts.useRecovery(r.id(), realTime.instant())) {
            throw verificationFailed();
        }
    }

    private static String fieldOf(LoginIdentifier id) {
        return switch (id) {
            case ID_NUMBER -> "idNumber";
            case TICKET_NUMBER -> "ticketNumber";
            case EMAIL -> "email";
            case MOBILE -> "mobile";
        };
    }

    private static KaowuException verificationFailed() {
        return new KaowuException(ErrorCode.VERIFICATION_FAILED, "The code, link or answer is wrong, used or expired");
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String sixDigits() {
        return String.format("%06d", RANDOM.nextInt(1_000_000));
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
