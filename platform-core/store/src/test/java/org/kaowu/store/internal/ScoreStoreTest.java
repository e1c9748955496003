package org.kaowu.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;


import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kaowu.api.Enrollment;
import org.kaowu.api.EnrollmentStatus;
import org.kaowu.api.EnrollmentStep;
import org.kaowu.api.Grade;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.PaymentMethod;
import org.kaowu.api.Recheck;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.api.Score;
import org.kaowu.store.NewCandidate;
import org.kaowu.store.ScoreStore;
import org.kaowu.store.StoredCandidate;
import org.kaowu.store.StoredScore;

/**
 * The score tables on real Derby and PostgreSQL: who may be scored (lines of paid enrollments only), a
 * re-import replacing the sitting's scores of its courses and nothing else, one score per candidate and
 * course (the primary key), one re-check per course under parallel applications (the unique constraint),
 * and a re-check decided once under parallel decisions (the conditional update).
 */
class ScoreStoreTest {
    private static final Instant T0 = Instant.parse("2026-04-20T02:00:00Z");

    static java.util.stream.Stream<CandidateStoreTest.Db> databases() throws Exception {
        return StoreDatabases.both();
    }

    private record Stores(JpaCandidateStore candidates, JpaEnrollmentStore enrollments, JpaScoreStore scores) {
    }

    private static Stores stores(CandidateStoreTest.Db db) throws Exception {
        PersonalData data = PersonalData.generate();
        Transactions tx = StoreDatabases.migrated(db, data);
        return new Stores(new JpaCandidateStore(tx, db.name(), data), new JpaEnrollmentStore(tx), new JpaScoreStore(tx));
    }

    private static StoredCandidate candidate(Stores s, String idNumber, String ticket) {
        return s.candidates().register(new NewCandidate("testregion", "张三", IdentityDocumentType.RESIDENT_ID, idNumber, "13800138000",
                Optional.empty(), "$2y$10$hash", RegistrationStatus.REGISTERED, "000001", "org.example.region", "1.0.0",
                T0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("zh"), Set.of()),
                seq -> Optional.of(ticket));
    }

    /** An enrollment of the sitting with these courses, paid or left a draft. */
    private static void enrollment(Stores s, UUID candidate, boolean paid, String... courses) {
        Enrollment draft = new Enrollment(UUID.randomUUID(), "testregion", candidate, "2026-04", EnrollmentStatus.DRAFT, EnrollmentStep.MAJORS,
                List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), T0, T0);
        s.enrollments().createEnrollment(draft);
        List<Enrollment.Line> lines = new ArrayList<>();
        for (int i = 0; i < courses.length; i++) {
            lines.add(new Enrollment.Line("080901", courses[i], "session-" + i));
        }
        s.enrollments().saveDraft(draft, draft.afterStep(EnrollmentStep.PAY, List.of("080901"), lines, Optional.of("5001"), Optional.of(PaymentMethod.ONLINE), T0));
        if (paid) {
            assertThat(s.enrollments().changeStatus("testregion", draft.id(), EnrollmentStatus.DRAFT, EnrollmentStatus.PAID, T0)).isTrue();
        }
    }

    private static StoredScore score(StoredCandidate c, String course, Score score) {
        return new StoredScore("testregion", "2026-04", course, c.id(), c.ticketNumber().orElseThrow(), score, false, T0, "staff:province");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void examineesAreTheLinesOfPaidEnrollmentsAndAReimportReplacesOnlyItsCourses(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        StoredCandidate paid = candidate(s, "110105194912310021", "500100000011");
        StoredCandidate unpaid = candidate(s, "110105194912310048", "500100000029");
        enrollment(s, paid.id(), true, "03708", "02332");
        enrollment(s, unpaid.id(), false, "03708");
        assertThat(s.scores().examinees("testregion", "2026-04")).containsExactlyInAnyOrder(
                new ScoreStore.Examinee("500100000011", paid.id(), "03708"), new ScoreStore.Examinee("500100000011", paid.id(), "02332"));
        assertThat(s.scores().examinees("testregion", "2026-10")).isEmpty();
        assertThat(s.scores().examinees("otherregion", "2026-04")).isEmpty();

        assertThat(s.scores().replaceScores("testregion", "2026-04", Set.of("03708", "02332"),
                List.of(score(paid, "03708", Score.ofPoints(58)), score(paid, "02332", Score.ofGrade(Grade.GOOD))))).isZero();
        // a second file of 03708 replaces 03708 only
        assertThat(s.scores().replaceScores("testregion", "2026-04", Set.of("03708"), List.of(score(paid, "03708", Score.ofPoints(61))))).isEqualTo(1);
        List<StoredScore> mine = s.scores().scoresOf("testregion", paid.id());
        assertThat(mine).extracting(StoredScore::course, x -> x.score().toString()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("02332", "GOOD"), org.assertj.core.groups.Tuple.tuple("03708", "61"));
        assertThat(mine.get(1).importedAt()).isEqualTo(T0);
        assertThat(s.scores().scoresOfCourse("testregion", "2026-04", "03708")).hasSize(1);

        // one score per candidate and course: a file naming a course twice for one candidate fails whole
        assertThatThrownBy(() -> s.scores().replaceScores("testregion", "2026-04", Set.of("03708"),
                List.of(score(paid, "03708", Score.ofPoints(70)), score(paid, "03708", Score.ofPoints(71))))).isInstanceOf(RuntimeException.class);
        assertThat(s.scores().scoresOfCourse("testregion", "2026-04", "03708")).extracting(x -> x.score().toString()).containsExactly("61");

        assertThat(s.scores().correctScore("testregion", "2026-04", "03708", paid.id(), Score.ofPoints(66), T0.plusSeconds(60))).isTrue();
        StoredScore corrected = s.scores().scoresOfCourse("testregion", "2026-04", "03708").get(0);
        assertThat(corrected.score().points()).contains(66);
        assertThat(corrected.corrected()).isTrue();
        assertThat(s.scores().correctScore("testregion", "2026-04", "03709", paid.id(), Score.ofPoints(66), T0)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void parallelApplicationsAreOneRecheckDecidedOnce(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        StoredCandidate c = candidate(s, "110105194912310021", "500100000011");
        enrollment(s, c.id(), true, "03708");
        s.scores().replaceScores("testregion", "2026-04", Set.of("03708"), List.of(score(c, "03708", Score.ofPoints(58))));
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Recheck>> applied = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<Recheck> apply = () -> {
                    start.await();
                    return s.scores().applyRecheck(new Recheck(UUID.randomUUID(), "testregion", c.id(), "2026-04", "03708", Recheck.Status.APPLIED,
                            Score.ofPoints(58), Optional.empty(), T0, Optional.empty(), Optional.empty()));
                };
                applied.add(pool.submit(apply));
            }
            start.countDown();
            Set<UUID> ids = new java.util.HashSet<>();
            for (Future<Recheck> f : applied) {
                ids.add(f.get().id());
            }
            assertThat(ids).hasSize(1);
            UUID id = ids.iterator().next();
            assertThat(s.scores().rechecksOf("testregion", c.id())).hasSize(1);
            assertThat(s.scores().rechecks("testregion", Optional.of("2026-04"))).extracting(Recheck::id).containsExactly(id);
            assertThat(s.scores().rechecks("testregion", Optional.of("2026-10"))).isEmpty();

            CountDownLatch decide = new CountDownLatch(1);
            List<Future<Boolean>> decided = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int points = 60 + i;
                Callable<Boolean> call = () -> {
                    decide.await();
                    return s.scores().decideRecheck("testregion", id, Recheck.Status.CORRECTED, Optional.of(Score.ofPoints(points)), "staff:county",
                            T0.plusSeconds(3600));
                };
                decided.add(pool.submit(call));
            }
            decide.countDown();
            int won = 0;
            for (Future<Boolean> f : decided) {
                won += f.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
            Recheck r = s.scores().findRecheck("testregion", id).orElseThrow();
            assertThat(r.status()).isEqualTo(Recheck.Status.CORRECTED);
            assertThat(r.before().points()).contains(58);
            assertThat(r.after().flatMap(Score::points)).isPresent();
            assertThat(r.decidedBy()).contains("staff:county");
            assertThat(r.decidedAt()).contains(T0.plusSeconds(3600));
            assertThat(s.scores().decideRecheck("testregion", id, Recheck.Status.UNCHANGED, Optional.empty(), "staff:other", T0)).isFalse();
            assertThat(s.scores().findRecheck("otherregion", id)).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void parallelImportsOfOneCourseLeaveExactlyOneFileApplied(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        StoredCandidate a = candidate(s, "110105194912310021", "500100000011");
        StoredCandidate b = candidate(s, "110105194912310048", "500100000029");
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object>> imports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int points = 50 + i;
                Callable<Object> call = () -> {
                    start.await();
                    try {
                        return s.scores().replaceScores("testregion", "2026-04", Set.of("03708"),
                                List.of(score(a, "03708", Score.ofPoints(points)), score(b, "03708", Score.ofPoints(points))));
                    } catch (org.kaowu.api.KaowuException e) {
                        return e.code();
                    }
                };
                imports.add(pool.submit(call));
            }
            start.countDown();
            int applied = 0;
            for (Future<Object> f : imports) {
                Object r = f.get();
                if (r instanceof Integer) {
                    applied++;
                } else {
                    assertThat(r).isEqualTo(org.kaowu.api.ErrorCode.CONFLICT_RETRY);
                }
            }
            assertThat(applied).isPositive();
        } finally {
            pool.shutdownNow();
        }
        // never a mix of two files: two rows, of one import
        List<StoredScore> rows = s.scores().scoresOfCourse("testregion", "2026-04", "03708");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).score()).isEqualTo(rows.get(1).score());
    }
}
