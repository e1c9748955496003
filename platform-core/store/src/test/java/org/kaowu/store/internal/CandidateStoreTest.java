package org.kaowu.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.KaowuException;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.store.NewCandidate;
import org.kaowu.store.StoredCandidate;

/**
 * The store against real databases: embedded Derby and a real PostgreSQL server, same tests for both.
 */
class CandidateStoreTest {
    private static final AtomicInteger DERBY = new AtomicInteger();
    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A fresh, migrated database of each kind. */
    record Db(String name, DataSource dataSource, boolean postgres) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Db> databases() throws Exception {
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName("memory:kaowu" + DERBY.incrementAndGet());
        derby.setCreateDatabase("create");
        return Stream.of(new Db("derby", derby, false), new Db("postgresql", postgres.newDatabase(), true));
    }

    private static JpaCandidateStore store(Db db) throws Exception {
        new SchemaMigrations(CandidateStoreTest.class.getClassLoader()).migrate(db.dataSource());
        EntityManagerFactory emf = PersistenceUnit.create(db.dataSource(), db.postgres());
        return new JpaCandidateStore(emf, db.name());
    }

    private static NewCandidate candidate(String idNumber) {
        return new NewCandidate("testregion", "张三", IdentityDocumentType.RESIDENT_ID, idNumber, "13800138000",
                Optional.empty(), "$2y$10$hash", RegistrationStatus.REGISTERED, "000001", "org.example.region", "1.0.0",
                Instant.parse("2026-03-01T02:00:00Z"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("zh"));
    }

    private static long count(Db db, String table) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void migrationsApplyOnceAndAreRecorded(Db db) throws Exception {
        SchemaMigrations migrations = new SchemaMigrations(getClass().getClassLoader());
        assertThat(migrations.migrate(db.dataSource())).containsExactly(1, 2, 3, 4, 5);
        assertThat(migrations.migrate(db.dataSource())).isEmpty();
        assertThat(migrations.currentVersion(db.dataSource())).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void registersWithTicketNumberAndFindsAgain(Db db) throws Exception {
        JpaCandidateStore store = store(db);
        StoredCandidate saved = store.register(candidate("11010519491231002X"), seq -> Optional.of("T" + seq.next("2026")));

        assertThat(saved.ticketNumber()).contains("T1");
        assertThat(store.findById("testregion", saved.id())).get()
                .satisfies(c -> {
                    assertThat(c.name()).isEqualTo("张三");
                    assertThat(c.idNumber()).isEqualTo("11010519491231002X");
                    assertThat(c.decidedByBundle()).isEqualTo("org.example.region");
                });
        assertThat(store.findByIdNumber("testregion", "11010519491231002X")).isPresent();
        assertThat(store.findById("otherregion", saved.id())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void sameIdNumberTwiceIsRefusedAndStoresNothing(Db db) throws Exception {
        JpaCandidateStore store = store(db);
        store.register(candidate("11010519491231002X"), seq -> Optional.of("T" + seq.next("s")));

        assertThatThrownBy(() -> store.register(candidate("11010519491231002X"), seq -> Optional.of("T" + seq.next("s"))))
                .isInstanceOf(KaowuException.class)
                .extracting(e -> ((KaowuException) e).code()).isEqualTo(ErrorCode.CANDIDATE_ALREADY_REGISTERED);
        assertThat(count(db, "candidate")).isEqualTo(1);
        // The refused registration did not consume a number.
        assertThat(store.register(candidate("110105194912310037"), seq -> Optional.of("T" + seq.next("s"))).ticketNumber())
                .contains("T2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void databaseRefusesADuplicateTicketNumber(Db db) throws Exception {
        JpaCandidateStore store = store(db);
        store.register(candidate("11010519491231002X"), seq -> Optional.of("SAME"));

        assertThatThrownBy(() -> store.register(candidate("110105194912310037"), seq -> Optional.of("SAME")))
                .isInstanceOf(RuntimeException.class);
        assertThat(count(db, "candidate")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void failingIssuerLeavesNothingBehind(Db db) throws Exception {
        JpaCandidateStore store = store(db);
        assertThatThrownBy(() -> store.register(candidate("11010519491231002X"), seq -> {
            seq.next("s");
            throw new IllegalStateException("region failed");
        })).hasMessage("region failed");
        assertThat(count(db, "candidate")).isZero();
        assertThat(count(db, "ticket_sequence")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentRegistrationsGetDistinctNumbers(Db db) throws Exception {
        JpaCandidateStore store = store(db);
        int n = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<String> tickets = ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = String.format("id-%04d", i);
                futures.add(pool.submit(() -> tickets.add(
                        store.register(candidate(id), seq -> Optional.of("T" + seq.next("scope"))).ticketNumber().orElseThrow())));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        // gap-free: every number from 1 to n handed out exactly once
        assertThat(tickets).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> "T" + i).toList());
        assertThat(count(db, "candidate")).isEqualTo(n);
    }
}
