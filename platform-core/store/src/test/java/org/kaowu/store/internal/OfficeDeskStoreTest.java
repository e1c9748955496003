package org.kaowu.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.api.StaffRole;
import org.kaowu.store.ActivityTime;
import org.kaowu.store.CandidateQueue;
import org.kaowu.store.NewCandidate;
import org.kaowu.store.PriorEducation;
import org.kaowu.store.StoredCandidate;
import org.kaowu.store.StoredStaff;

/**
 * What the office desk reads and changes, on Derby and PostgreSQL: work queues in a scope with counts and
 * pages, the audit trail searched by actor, candidate, action and time, registration times, and staff
 * accounts disabled (once, also under parallel requests) and given a new password.
 */
class OfficeDeskStoreTest {
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

    private static StoredCandidate candidate(Stores s, int n, String office, String nextStep, Instant at) {
        String id = String.format("1101051949%08d", n);
        return s.candidates().register(new NewCandidate("testregion", "考生" + n, IdentityDocumentType.RESIDENT_ID, id, "13800138000",
                Optional.empty(), "$2y$10$hash", RegistrationStatus.PENDING_REVIEW, office, "org.example.region", "1.0.0", at,
                Optional.ofNullable(nextStep), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("zh"), Set.of()),
                seq -> Optional.empty());
    }

    private static CandidateQueue queue(Optional<Set<String>> offices, Optional<Set<String>> steps, Optional<String> office, Optional<String> text,
            int offset, int limit) {
        return new CandidateQueue(offices, Optional.empty(), steps, Optional.empty(), false, office, text, offset, limit);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aQueueHoldsTheCandidatesAtItsStepInsideTheScopeOldestFirstInPagesWithItsSize(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        List<StoredCandidate> atCounty = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            atCounty.add(candidate(s, i, "000101", "approval", T0.plusSeconds(60L * (5 - i))));
        }
        candidate(s, 10, "000102", "approval", T0);
        candidate(s, 11, "000101", "confirmation", T0);
        candidate(s, 12, "000101", null, T0);

        CandidateQueue.Page first = s.candidates().queue("testregion", queue(Optional.of(Set.of("000101")), Optional.of(Set.of("approval")),
                Optional.empty(), Optional.empty(), 0, 2));
        assertThat(first.total()).isEqualTo(5);
        assertThat(first.candidates()).extracting(StoredCandidate::id).containsExactly(atCounty.get(4).id(), atCounty.get(3).id());
        CandidateQueue.Page last = s.candidates().queue("testregion", queue(Optional.of(Set.of("000101")), Optional.of(Set.of("approval")),
                Optional.empty(), Optional.empty(), 4, 2));
        assertThat(last.candidates()).extracting(StoredCandidate::id).containsExactly(atCounty.get(0).id());

        // the whole region, narrowed to one office, and to one candidate by ID number
        assertThat(s.candidates().queue("testregion", queue(Optional.empty(), Optional.of(Set.of("approval")), Optional.empty(), Optional.empty(), 0, 50))
                .total()).isEqualTo(6);
        assertThat(s.candidates().queue("testregion", queue(Optional.empty(), Optional.of(Set.of("approval")), Optional.of("000102"), Optional.empty(),
                0, 50)).total()).isEqualTo(1);
        assertThat(s.candidates().queue("testregion", queue(Optional.empty(), Optional.of(Set.of("approval")), Optional.empty(),
                Optional.of(String.format("1101051949%08d", 3)), 0, 50)).candidates()).extracting(StoredCandidate::id).containsExactly(atCounty.get(3).id());
        // an empty scope holds nobody; another region holds nobody
        assertThat(s.candidates().queue("testregion", queue(Optional.of(Set.of()), Optional.of(Set.of("approval")), Optional.empty(), Optional.empty(),
                0, 50)).total()).isZero();
        assertThat(s.candidates().queue("otherregion", queue(Optional.empty(), Optional.of(Set.of("approval")), Optional.empty(), Optional.empty(),
                0, 50)).total()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theProofQueueHoldsSubmittedProofsOnlyAndRegistrationTimesAreReadInARange(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        StoredCandidate submitted = candidate(s, 1, "000101", null, T0);
        StoredCandidate accepted = candidate(s, 2, "000101", null, T0.plusSeconds(86_400));
        s.candidates().savePriorEducation(new PriorEducation(submitted.id(), "080901", "D-1", PriorEducation.Status.PROOF_SUBMITTED,
                Optional.empty(), Optional.empty(), T0), Optional.empty());
        s.candidates().savePriorEducation(new PriorEducation(accepted.id(), "080901", "D-2", PriorEducation.Status.ACCEPTED,
                Optional.empty(), Optional.empty(), T0), Optional.empty());
        CandidateQueue.Page proofs = s.candidates().queue("testregion", new CandidateQueue(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(PriorEducation.Status.PROOF_SUBMITTED.name()), false, Optional.empty(), Optional.empty(), 0, 10));
        assertThat(proofs.candidates()).extracting(StoredCandidate::id).containsExactly(submitted.id());
        assertThat(s.candidates().queue("testregion", new CandidateQueue(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true,
                Optional.empty(), Optional.empty(), 0, 10)).total()).as("no merges").isZero();

        assertThat(s.candidates().registrations("testregion", T0, T0.plusSeconds(86_400))).extracting(ActivityTime::at).containsExactly(T0);
        assertThat(s.candidates().registrations("testregion", T0, T0.plusSeconds(86_401))).extracting(ActivityTime::office)
                .containsExactly("000101", "000101");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aStaffAccountIsDisabledOnceEvenByParallelRequestsAndGetsANewPassword(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        StoredStaff clerk = s.accounts().createStaff(new StoredStaff(UUID.randomUUID(), "clerk", "$2y$10$old", StaffRole.COUNTY_OFFICE,
                Optional.of("testregion"), Optional.of("000101"), T0));
        s.accounts().createStaff(new StoredStaff(UUID.randomUUID(), "admin", "$2y$10$x", StaffRole.PLATFORM_ADMIN, Optional.empty(), Optional.empty(), T0));
        assertThat(s.accounts().staffOf("testregion")).extracting(StoredStaff::username).containsExactly("clerk");
        assertThat(s.accounts().staffDisabledAt(clerk.id())).isEmpty();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Instant at = T0.plusSeconds(i);
                calls.add(() -> s.accounts().disableStaff(clerk.id(), at));
            }
            int won = 0;
            for (Future<Boolean> f : pool.invokeAll(calls)) {
                won += f.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(s.accounts().staffDisabledAt(clerk.id())).isPresent();

        s.accounts().changeStaffPassword(clerk.id(), "$2y$10$new");
        assertThat(s.accounts().findStaff("clerk").orElseThrow().passwordHash()).isEqualTo("$2y$10$new");
    }
}
