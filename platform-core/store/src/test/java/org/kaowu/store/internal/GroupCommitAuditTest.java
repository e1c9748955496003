package org.kaowu.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kaowu.store.AuditEvent;

/** Audit entries of reads committed together (group commit), each durable before its caller goes on; Derby and PostgreSQL. */
class GroupCommitAuditTest {
    private static final Instant T0 = Instant.parse("2026-03-01T02:00:00Z");

    static Stream<CandidateStoreTest.Db> databases() throws Exception {
        return StoreDatabases.both();
    }

    private static Transactions transactions(CandidateStoreTest.Db db) throws Exception {
        PersonalData data = PersonalData.generate();
        return StoreDatabases.migrated(db, data);
    }

    private static AuditEvent lookup(int i) {
        return new AuditEvent(T0, "client:10.0.0." + (i % 200), "TICKET_NUMBER_LOOKUP", Optional.of("testregion"), Optional.of("s" + i), "FOUND",
                Optional.of("ID 650***********00" + i % 10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void parallelCallersShareCommitsAndEachEntryIsThereWhenItsCallReturns(CandidateStoreTest.Db db) throws Exception {
        Transactions tx = transactions(db);
        JpaAccountStore accounts = new JpaAccountStore(tx, PersonalData.generate());
        int threads = 32;
        int each = 20;
        ConcurrentLinkedQueue<String> missing = new ConcurrentLinkedQueue<>();
        try {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * each;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = first; i < first + each; i++) {
                        accounts.auditShared(lookup(i));
                        // committed before write returned: another transaction reads it at once
                        if (accounts.auditTrail("testregion", Optional.of("s" + i), 5).isEmpty()) {
                            missing.add("s" + i);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertThat(missing).isEmpty();
            assertThat(accounts.auditTrail("testregion", Optional.empty(), 10_000)).hasSize(threads * each);
            // requests shared transactions: fewer commits than entries
            assertThat(accounts.sharedAuditCommits()).isLessThan(threads * each);
        } finally {
            accounts.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void insideATransactionTheEntryJoinsItAndGoesWithItsRollback(CandidateStoreTest.Db db) throws Exception {
        Transactions tx = transactions(db);
        JpaAccountStore accounts = new JpaAccountStore(tx, PersonalData.generate());
        try {
            try {
                accounts.atomically(() -> {
                    accounts.auditShared(lookup(1));
                    throw new IllegalStateException("the decision failed");
                });
            } catch (IllegalStateException expected) {
                // rolled back, with the entry
            }
            assertThat(accounts.auditTrail("testregion", Optional.empty(), 10)).isEmpty();
            assertThat(accounts.sharedAuditCommits()).isZero();
            accounts.auditShared(lookup(2));
            assertThat(accounts.auditTrail("testregion", Optional.empty(), 10)).singleElement()
                    .satisfies(e -> assertThat(e.subject()).contains("s2"));
        } finally {
            accounts.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void fiftyParallelReadsWithOneHumanCheckAnswerSpendItOnceAndOnlyThatOneIsAudited(CandidateStoreTest.Db db) throws Exception {
        Transactions tx = transactions(db);
        JpaAccountStore accounts = new JpaAccountStore(tx, PersonalData.generate());
        Instant expires = Instant.now().plusSeconds(300);
        int threads = 50;
        try {
            for (int round = 0; round < 3; round++) {
                String answer = "pow:answer-" + round;
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int i = round * 1000 + t;
                    done.add(pool.submit(() -> {
                        go.await();
                        return accounts.auditSharedSpending(answer, expires, lookup(i));
                    }));
                }
                go.countDown();
                int spent = 0;
                for (Future<Boolean> f : done) {
                    spent += f.get() ? 1 : 0;
                }
                pool.shutdown();
                assertThat(spent).as("round " + round).isEqualTo(1);
                // the answer is spent for every other use too, and it was spent once: one audit entry per round
                assertThat(accounts.spendHumanCheck(answer, expires)).isFalse();
                assertThat(accounts.auditTrail("testregion", Optional.empty(), 10_000)).hasSize(round + 1);
            }
        } finally {
            accounts.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anAnswerSpentBeforeIsRefusedAndItsReadIsNotAuditedWhileOthersOfTheBatchAre(CandidateStoreTest.Db db) throws Exception {
        Transactions tx = transactions(db);
        JpaAccountStore accounts = new JpaAccountStore(tx, PersonalData.generate());
        Instant expires = Instant.now().plusSeconds(300);
        try {
            assertThat(accounts.spendHumanCheck("pow:login-spent", expires)).isTrue();
            int threads = 20;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int i = t;
                // every fourth reuses the answer spent above; the others have answers of their own
                done.add(pool.submit(() -> {
                    go.await();
                    return accounts.auditSharedSpending(i % 4 == 0 ? "pow:login-spent" : "pow:own-" + i, expires, lookup(i));
                }));
            }
            go.countDown();
            for (int t = 0; t < threads; t++) {
                assertThat(done.get(t).get()).as("request " + t).isEqualTo(t % 4 != 0);
            }
            pool.shutdown();
            assertThat(accounts.auditTrail("testregion", Optional.empty(), 100)).extracting(e -> e.subject().orElseThrow())
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, threads).filter(t -> t % 4 != 0)
                            .mapToObj(t -> "s" + t).toList());
            // what a shared commit spent is spent for the other path as well
            assertThat(accounts.spendHumanCheck("pow:own-1", expires)).isFalse();
            // inside a transaction the spend joins it, and goes with its rollback
            try {
                accounts.atomically(() -> {
                    assertThat(accounts.auditSharedSpending("pow:rolled-back", expires, lookup(99))).isTrue();
                    throw new IllegalStateException("the decision failed");
                });
            } catch (IllegalStateException expected) {
                // rolled back, spend and entry
            }
            assertThat(accounts.auditSharedSpending("pow:rolled-back", expires, lookup(98))).isTrue();
            assertThat(accounts.auditSharedSpending("pow:rolled-back", expires, lookup(97))).isFalse();
            assertThat(accounts.auditTrail("testregion", Optional.of("s99"), 5)).isEmpty();
            assertThat(accounts.auditTrail("testregion", Optional.of("s98"), 5)).hasSize(1);
        } finally {
            accounts.close();
        }
    }
}
