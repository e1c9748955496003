package org.kaowu.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;


import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.KaowuException;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.api.StaffRole;
import org.kaowu.api.rules.LoginIdentifier;
import org.kaowu.store.AccountStore;
import org.kaowu.store.AuditEvent;
import org.kaowu.store.AuditQuery;
import org.kaowu.store.CandidateChange;
import org.kaowu.store.CandidateQuery;
import org.kaowu.store.NewCandidate;
import org.kaowu.store.PasswordRecoveryRecord;
import org.kaowu.store.Photo;
import org.kaowu.store.PriorEducation;
import org.kaowu.store.StoredCandidate;
import org.kaowu.store.StoredStaff;

/** Accounts, audit, throttling, sessions, recoveries and candidate updates on Derby and PostgreSQL. */
class AccountStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T02:00:00Z");

    static Stream<CandidateStoreTest.Db> databases() throws Exception {
        return StoreDatabases.both();
    }

    private record Stores(JpaCandidateStore candidates, JpaAccountStore accounts) {
    }

    private static Stores stores(CandidateStoreTest.Db db) throws Exception {
        PersonalData data = PersonalData.generate();
        Transactions tx = StoreDatabases.migrated(db, data);
        return new Stores(new JpaCandidateStore(tx, db.name(), data), new JpaAccountStore(tx, data));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theAuditTrailIsSearchedInOneRegionOrAcrossRegionsByActorCandidateActionAndTimeInPages(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        // the office desk's trail: six entries in testregion, and one in another region matching the same criteria as the first
        for (int i = 0; i < 6; i++) {
            s.accounts().audit(new AuditEvent(T0.plusSeconds(i), i % 2 == 0 ? "staff:a" : "staff:b", i < 3 ? "CANDIDATE_READ" : "REGISTRATION_REVIEW",
                    Optional.of("testregion"), Optional.of("c" + (i % 3)), "DONE", Optional.empty()));
        }
        s.accounts().audit(new AuditEvent(T0, "staff:a", "CANDIDATE_READ", Optional.of("otherregion"), Optional.of("c0"), "DONE", Optional.empty()));
        // the console's trail: an actor nobody else uses, in no region (the platform's own), otherregion and lakeland
        String admin = "console:admin-" + UUID.randomUUID().toString().substring(0, 8);
        s.accounts().audit(new AuditEvent(T0, admin, "CONSOLE_DEPLOY", Optional.empty(), Optional.empty(), "DONE", Optional.of("org.example.plugin 1.0.0")));
        s.accounts().audit(new AuditEvent(T0.plusSeconds(60), admin, "CONSOLE_CONFIGURATION", Optional.of("otherregion"), Optional.empty(), "DONE",
                Optional.of("org.kaowu.region.otherregion")));
        s.accounts().audit(new AuditEvent(T0.plusSeconds(120), admin, "CANDIDATE_READ", Optional.of("lakeland"), Optional.of("c9"), "ALLOWED",
                Optional.empty()));
        s.accounts().audit(new AuditEvent(T0.plusSeconds(180), "staff:clerk", "CANDIDATE_READ", Optional.of("lakeland"), Optional.of("c9"), "DENIED",
                Optional.empty()));
        Optional<String> none = Optional.empty();
        Optional<Instant> never = Optional.empty();
        Optional<String> testregion = Optional.of("testregion");

        // one region, in pages, newest first: nothing of another region or of the platform
        AuditQuery.Page first = s.accounts().searchAudit(new AuditQuery(testregion, none, none, none, never, never, 0, 4));
        assertThat(first.total()).isEqualTo(6);
        assertThat(first.events()).extracting(AuditEvent::at).containsExactly(T0.plusSeconds(5), T0.plusSeconds(4), T0.plusSeconds(3), T0.plusSeconds(2));
        AuditQuery.Page second = s.accounts().searchAudit(new AuditQuery(testregion, none, none, none, never, never, 4, 4));
        assertThat(second.total()).isEqualTo(6);
        assertThat(second.events()).extracting(AuditEvent::at).containsExactly(T0.plusSeconds(1), T0);
        assertThat(second.events()).extracting(AuditEvent::region).containsOnly(testregion);
        // every criterion at once, [from, to): the other region's entry matching the same criteria stays out
        AuditQuery.Page narrowed = s.accounts().searchAudit(new AuditQuery(testregion, Optional.of("staff:a"), Optional.of("c0"),
                Optional.of("CANDIDATE_READ"), Optional.of(T0), Optional.of(T0.plusSeconds(1)), 0, 10));
        assertThat(narrowed.total()).isEqualTo(1);
        assertThat(narrowed.events()).singleElement().satisfies(e -> {
            assertThat(e.at()).isEqualTo(T0);
            assertThat(e.region()).isEqualTo(testregion);
        });
        assertThat(s.accounts().searchAudit(new AuditQuery(testregion, none, none, Optional.of("REGISTRATION_REVIEW"), Optional.of(T0.plusSeconds(4)),
                never, 0, 10)).total()).isEqualTo(2);
        assertThat(s.accounts().searchAudit(new AuditQuery(Optional.of("emptyregion"), none, none, none, never, never, 0, 10)))
                .isEqualTo(new AuditQuery.Page(List.of(), 0));

        // across regions: the same criteria find both regions' entries
        assertThat(s.accounts().searchAudit(new AuditQuery(none, Optional.of("staff:a"), Optional.of("c0"), Optional.of("CANDIDATE_READ"),
                Optional.of(T0), Optional.of(T0.plusSeconds(1)), 0, 10)).events()).extracting(e -> e.region().orElseThrow())
                .containsExactlyInAnyOrder("testregion", "otherregion");
        // by actor: newest first, the platform's own events (no region) included
        AuditQuery.Page byAdmin = s.accounts().searchAudit(new AuditQuery(none, Optional.of(admin), none, none, never, never, 0, 10));
        assertThat(byAdmin.total()).isEqualTo(3);
        assertThat(byAdmin.events()).extracting(e -> e.action() + "@" + (e.at().getEpochSecond() - T0.getEpochSecond()))
                .containsExactly("CANDIDATE_READ@120", "CONSOLE_CONFIGURATION@60", "CONSOLE_DEPLOY@0");
        assertThat(s.accounts().searchAudit(new AuditQuery(none, Optional.of(admin), none, Optional.of("CONSOLE_DEPLOY"), never, never, 0, 10)).events())
                .singleElement().satisfies(e -> {
                    assertThat(e.region()).isEmpty();
                    assertThat(e.detail()).contains("org.example.plugin 1.0.0");
                });
        assertThat(s.accounts().searchAudit(new AuditQuery(Optional.of("otherregion"), Optional.of(admin), none, none, never, never, 0, 10)).events())
                .extracting(AuditEvent::action).containsExactly("CONSOLE_CONFIGURATION");
        // by candidate, then by time: [from, to)
        assertThat(s.accounts().searchAudit(new AuditQuery(Optional.of("lakeland"), none, Optional.of("c9"), none, Optional.of(T0.plusSeconds(120)),
                Optional.of(T0.plusSeconds(180)), 0, 10)).events()).extracting(AuditEvent::actor).containsExactly(admin);
        AuditQuery.Page latest = s.accounts().searchAudit(new AuditQuery(none, Optional.of(admin), none, none, Optional.of(T0.plusSeconds(1)), never, 0, 1));
        assertThat(latest.total()).isEqualTo(2);
        assertThat(latest.events()).extracting(AuditEvent::action).containsExactly("CANDIDATE_READ");
        // a page beyond the end is empty but still counts
        assertThat(s.accounts().searchAudit(new AuditQuery(none, none, none, none, never, never, 11, 10)))
                .isEqualTo(new AuditQuery.Page(List.of(), 11));

        assertThatThrownBy(() -> new AuditQuery(none, none, none, none, never, never, -1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditQuery(none, none, none, none, never, never, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static StoredCandidate pending(Stores s, String idNumber, String office, String email) {
        return s.candidates().register(new NewCandidate("testregion", "王五", IdentityDocumentType.RESIDENT_ID, idNumber, "13800138000",
                Optional.ofNullable(email), "$2y$10$hash", RegistrationStatus.PENDING_REVIEW, office, "org.example.region", "1.0.0", T0,
                Optional.of("approval"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("zh"), java.util.Set.of()), seq -> Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anUpdateAdvancesTheFlowIssuesTheTicketAndKeepsThePhoto(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        StoredCandidate c = pending(s, "11010519491231002X", "000101", "wang@example.cn");
        StoredCandidate done = s.candidates().update("testregion", c.id(), (current, seq) -> new CandidateChange(
                current.progressed(RegistrationStatus.REGISTERED, Optional.empty(), Optional.of("T" + seq.next("2026")))
                        .withConfirmation("ON_SITE", "staff:clerk", T0),
                Optional.of(new Photo("jpeg", new byte[] {1, 2, 3}, T0))));
        assertThat(done.status()).isEqualTo(RegistrationStatus.REGISTERED);
        assertThat(done.ticketNumber()).contains("T1");
        assertThat(done.nextStep()).isEmpty();
        assertThat(done.confirmedBy()).contains("staff:clerk");
        assertThat(s.candidates().photo(c.id())).get().satisfies(p -> assertThat(p.image()).containsExactly(1, 2, 3));
        assertThat(s.candidates().findByLogin("testregion", LoginIdentifier.TICKET_NUMBER, "T1")).get()
                .extracting(StoredCandidate::id).isEqualTo(c.id());
        assertThat(s.candidates().findByLogin("testregion", LoginIdentifier.EMAIL, "wang@example.cn")).isPresent();

        // a failing change leaves nothing behind
        assertThatThrownBy(() -> s.candidates().update("testregion", c.id(), (current, seq) -> {
            seq.next("2026");
            throw new KaowuException(ErrorCode.WRONG_STEP, "no");
        })).isInstanceOf(KaowuException.class);
        assertThat(s.candidates().findById("testregion", c.id()).orElseThrow().ticketNumber()).contains("T1");
        assertThatThrownBy(() -> s.candidates().update("otherregion", c.id(), (current, seq) -> CandidateChange.of(current)))
                .isInstanceOfSatisfying(KaowuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANDIDATE_NOT_FOUND));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void priorEducationAndALargeProofRoundTrip(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        UUID c = UUID.randomUUID();
        byte[] pdf = new byte[70_000];
        new java.util.Random(7).nextBytes(pdf);
        s.candidates().savePriorEducation(new PriorEducation(c, "080901", "D-1", PriorEducation.Status.NOT_FOUND, Optional.of("R1"),
                Optional.empty(), T0), Optional.empty());
        assertThat(s.candidates().proof(c)).isEmpty();
        s.candidates().savePriorEducation(new PriorEducation(c, "080901", "D-1", PriorEducation.Status.PROOF_SUBMITTED, Optional.of("R1"),
                Optional.empty(), T0), Optional.of(new Photo("pdf", pdf, T0)));
        assertThat(s.candidates().priorEducation(c)).get().extracting(PriorEducation::status).isEqualTo(PriorEducation.Status.PROOF_SUBMITTED);
        assertThat(s.candidates().proof(c)).get().satisfies(p -> {
            assertThat(p.format()).isEqualTo("pdf");
            assertThat(p.image()).isEqualTo(pdf);
        });
        // a new proof replaces the old one whole
        s.candidates().savePriorEducation(new PriorEducation(c, "080901", "D-1", PriorEducation.Status.PROOF_SUBMITTED, Optional.of("R1"),
                Optional.empty(), T0), Optional.of(new Photo("jpeg", new byte[] {9}, T0)));
        assertThat(s.candidates().proof(c)).get().satisfies(p -> assertThat(p.image()).containsExactly(9));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void searchStaysInsideTheOfficesAsked(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        StoredCandidate a = pending(s, "11010519491231002X", "000101", null);
        pending(s, "110105194912310029", "000201", null);
        assertThat(s.candidates().search("testregion", new CandidateQuery(Optional.of(Set.of("000101")), Optional.empty(), Optional.empty(), 10)))
                .extracting(StoredCandidate::id).containsExactly(a.id());
        assertThat(s.candidates().search("testregion", new CandidateQuery(Optional.empty(), Optional.empty(), Optional.of("110105194912310029"), 10)))
                .hasSize(1);
        assertThat(s.candidates().search("testregion", new CandidateQuery(Optional.empty(), Optional.empty(), Optional.empty(), 10))).hasSize(2);
        // a mobile shared by two candidates identifies nobody
        assertThat(s.candidates().findByLogin("testregion", LoginIdentifier.MOBILE, "13800138000")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void staffAuditThrottleAndSessions(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        StoredStaff clerk = new StoredStaff(UUID.randomUUID(), "clerk", "$2y$10$h", StaffRole.COUNTY_OFFICE, Optional.of("testregion"),
                Optional.of("000101"), T0);
        s.accounts().createStaff(clerk);
        assertThat(s.accounts().findStaff("clerk")).get().extracting(StoredStaff::role).isEqualTo(StaffRole.COUNTY_OFFICE);
        assertThatThrownBy(() -> s.accounts().createStaff(clerk))
                .isInstanceOfSatisfying(KaowuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STAFF_ALREADY_EXISTS));

        s.accounts().audit(new AuditEvent(T0, "staff:clerk", "CANDIDATE_READ", Optional.of("testregion"), Optional.of("c1"), "DENIED",
                Optional.of("out of scope")));
        assertThat(s.accounts().auditTrail("testregion", Optional.of("c1"), 10)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("DENIED"));

        String key = "k".repeat(64);
        Duration base = Duration.ofSeconds(30);
        Duration max = Duration.ofMinutes(15);
        // attempts 1 and 2 reserve without a lock; the 3rd reserves and locks at once (30 s)
        for (int i = 0; i < 2; i++) {
            assertThat(s.accounts().reserveAttempt(key, T0, 3, base, max)).isEqualTo(new AccountStore.AttemptReservation(true, Optional.empty()));
        }
        assertThat(s.accounts().reserveAttempt(key, T0, 3, base, max)).isEqualTo(new AccountStore.AttemptReservation(true, Optional.of(T0.plusSeconds(30))));
        assertThat(s.accounts().reserveAttempt(key, T0.plusSeconds(29), 3, base, max)).isEqualTo(new AccountStore.AttemptReservation(false, Optional.of(T0.plusSeconds(30))));
        // after the lock, one more attempt is checked, and it doubles the lock
        assertThat(s.accounts().reserveAttempt(key, T0.plusSeconds(30), 3, base, max))
                .isEqualTo(new AccountStore.AttemptReservation(true, Optional.of(T0.plusSeconds(90))));
        s.accounts().clearFailures(key);
        assertThat(s.accounts().reserveAttempt(key, T0, 3, base, max).reserved()).isTrue();

        s.accounts().revokeSession("t-1", T0);
        s.accounts().revokeSession("t-1", T0);
        UUID subject = UUID.randomUUID();
        assertThat(s.accounts().isRevoked("t-1", subject, T0)).isTrue();
        assertThat(s.accounts().isRevoked("t-2", subject, T0)).isFalse();
        // a password change ends the sessions issued before it, but the one kept
        s.accounts().endSessions(subject, T0.plusSeconds(10), Optional.of("t-3"));
        assertThat(s.accounts().isRevoked("t-2", subject, T0.plusSeconds(9))).isTrue();
        assertThat(s.accounts().isRevoked("t-3", subject, T0.plusSeconds(9))).isFalse();
        assertThat(s.accounts().isRevoked("t-4", subject, T0.plusSeconds(10))).isFalse();
        assertThat(s.accounts().isRevoked("t-2", UUID.randomUUID(), T0.plusSeconds(9))).isFalse();
        // housekeeping: the logged-out id past its expiry is gone
        assertThat(s.accounts().purgeExpired(T0.plus(Duration.ofDays(2)))).isGreaterThanOrEqualTo(1);
        assertThat(s.accounts().isRevoked("t-1", subject, T0.plus(Duration.ofDays(2)))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aHumanCheckIsSpentOnceEvenWhenTwentyRequestsBringItAtOnce(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        String id = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Future<Boolean>> spends = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            spends.add(pool.submit(() -> {
                start.await();
                return s.accounts().spendHumanCheck(id, T0.plusSeconds(300));
            }));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> f : spends) {
            won += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(won).isEqualTo(1);
        assertThat(s.accounts().spendHumanCheck(id, T0.plusSeconds(300))).as("asked again later").isFalse();
        // kept until it would have expired, then purged (and could not be answered anyway)
        s.accounts().purgeExpired(T0.plusSeconds(299));
        assertThat(s.accounts().spendHumanCheck(id, T0.plusSeconds(300))).isFalse();
        s.accounts().purgeExpired(T0.plusSeconds(301));
        assertThat(s.accounts().spendHumanCheck(id, T0.plusSeconds(300))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void noticesCommitWithTheDecisionAndAreListedNewestFirst(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        StoredCandidate c = pending(s, "11010519491231002X", "000101", null);
        s.accounts().atomically(() -> {
            s.accounts().addNotice(new org.kaowu.store.CandidateNoticeRecord(UUID.randomUUID(), "testregion", c.id(), "REGISTRATION_REJECTED",
                    Optional.of("照片不清楚"), T0));
            return null;
        });
        // a decision that fails takes its notice with it
        assertThatThrownBy(() -> s.accounts().atomically(() -> {
            s.accounts().addNotice(new org.kaowu.store.CandidateNoticeRecord(UUID.randomUUID(), "testregion", c.id(), "REGISTRATION_APPROVED",
                    Optional.empty(), T0.plusSeconds(60)));
            throw new IllegalStateException("the decision failed");
        })).isInstanceOf(IllegalStateException.class);
        s.accounts().addNotice(new org.kaowu.store.CandidateNoticeRecord(UUID.randomUUID(), "testregion", c.id(), "TICKET_ISSUED",
                Optional.of("0123456789"), T0.plusSeconds(120)));
        assertThat(s.accounts().notices(c.id(), 10)).extracting(org.kaowu.store.CandidateNoticeRecord::kind)
                .containsExactly("TICKET_ISSUED", "REGISTRATION_REJECTED");
        assertThat(s.accounts().notices(c.id(), 10).get(1)).satisfies(n -> {
            assertThat(n.detail()).contains("照片不清楚");
            assertThat(n.at()).isEqualTo(T0);
            assertThat(n.region()).isEqualTo("testregion");
        });
        assertThat(s.accounts().notices(UUID.randomUUID(), 10)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRecoveryIsUsedOnceEvenUnderConcurrency(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        UUID id = UUID.randomUUID();
        s.accounts().createRecovery(new PasswordRecoveryRecord(id, UUID.randomUUID(), "EMAIL_LINK", "h".repeat(64), T0, Optional.empty(), 0,
                Optional.empty()));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> uses = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            uses.add(pool.submit(() -> s.accounts().useRecovery(id, T0)));
        }
        int won = 0;
        for (Future<Boolean> f : uses) {
            won += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(won).isEqualTo(1);
        assertThat(s.accounts().findRecovery(id)).get().satisfies(r -> assertThat(r.usedAt()).contains(T0));
        assertThat(s.accounts().reserveRecoveryAttempt(id, T0.minusSeconds(1), 5)).as("a used secret takes no more attempts").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void fiftyConcurrentGuessesReserveAtMostFiveAttempts(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        UUID id = UUID.randomUUID();
        Instant expires = T0.plusSeconds(600);
        s.accounts().createRecovery(new PasswordRecoveryRecord(id, UUID.randomUUID(), "BIND", "h".repeat(64), expires, Optional.empty(), 0,
                Optional.of("13912345678")));
        assertThat(s.accounts().findRecovery(id)).get().satisfies(r -> assertThat(r.target()).contains("13912345678"));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Future<Boolean>> guesses = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            guesses.add(pool.submit(() -> {
                start.await();
                return s.accounts().reserveRecoveryAttempt(id, T0, 5);
            }));
        }
        start.countDown();
        int reserved = 0;
        for (Future<Boolean> f : guesses) {
            reserved += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(reserved).isEqualTo(5);
        assertThat(s.accounts().findRecovery(id)).get().satisfies(r -> assertThat(r.attempts()).isEqualTo(5));
        // an expired secret takes no attempt
        UUID late = UUID.randomUUID();
        s.accounts().createRecovery(new PasswordRecoveryRecord(late, UUID.randomUUID(), "SMS_CODE", "h".repeat(64), T0, Optional.empty(), 0,
                Optional.empty()));
        assertThat(s.accounts().reserveRecoveryAttempt(late, T0, 5)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void thirtyConcurrentLoginAttemptsReserveFiveThenTheKeyIsLocked(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        String key = "c".repeat(64);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Future<AccountStore.AttemptReservation>> attempts = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            attempts.add(pool.submit(() -> {
                start.await();
                return s.accounts().reserveAttempt(key, T0, 5, Duration.ofSeconds(30), Duration.ofMinutes(15));
            }));
        }
        start.countDown();
        int reserved = 0;
        for (Future<AccountStore.AttemptReservation> f : attempts) {
            reserved += f.get().reserved() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(reserved).isEqualTo(5);
    }
}
