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
import java.util.stream.Stream;

import javax.sql.DataSource;


import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.KaowuException;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.store.CandidateChange;
import org.kaowu.store.CandidateQuery;
import org.kaowu.store.NewCandidate;
import org.kaowu.store.StoredCandidate;

/**
 * The store against real databases: embedded Derby and a real PostgreSQL server, same tests for both.
 */
class CandidateStoreTest {

    /** A fresh, migrated database of each kind. */
    record Db(String name, DataSource dataSource, boolean postgres) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Db> databases() throws Exception {
        return StoreDatabases.both();
    }

    private static JpaCandidateStore store(Db db) throws Exception {
        return store(db, PersonalData.generate());
    }

    private static JpaCandidateStore store(Db db, PersonalData data) throws Exception {
        return new JpaCandidateStore(StoreDatabases.migrated(db, data), db.name(), data);
    }

    private static NewCandidate candidate(String idNumber) {
        return new NewCandidate("testregion", "张三", IdentityDocumentType.RESIDENT_ID, idNumber, "13800138000",
                Optional.empty(), "$2y$10$hash", RegistrationStatus.REGISTERED, "000001", "org.example.region", "1.0.0",
                Instant.parse("2026-03-01T02:00:00Z"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("zh"),
                java.util.Set.of());
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
        SchemaMigrations migrations = SchemaMigrations.of(getClass().getClassLoader(), PersonalData.generate());
        List<Integer> shipped = SchemaMigrationsTest.shipped();
        assertThat(migrations.migrate(db.dataSource())).isEqualTo(shipped);
        assertThat(migrations.migrate(db.dataSource())).isEmpty();
        assertThat(migrations.currentVersion(db.dataSource())).isEqualTo(shipped.get(shipped.size() - 1));
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

    private static NewCandidate lakeland(String idNumber, String mobile, String email) {
        return new NewCandidate("lakeland", "李四", IdentityDocumentType.RESIDENT_ID, idNumber, mobile, Optional.of(email), "$2y$10$hash",
                RegistrationStatus.PRE_REGISTERED, "000001", "org.example.region", "1.0.0", Instant.parse("2026-03-01T02:00:00Z"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("zh"),
                Set.of(org.kaowu.api.rules.LoginIdentifier.EMAIL, org.kaowu.api.rules.LoginIdentifier.MOBILE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void fourConcurrentRegistrationsWithOneEmailMakeOneAccount(Db db) throws Exception {
        JpaCandidateStore store = store(db);
        String[] ids = {"11010519491231002X", "110105194912310029", "110105194912310037", "110105194912310045"};
        ExecutorService pool = Executors.newFixedThreadPool(4);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Future<Object>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = ids[i];
            String mobile = "1391234567" + i;
            results.add(pool.submit(() -> {
                start.await();
                try {
                    return store.register(lakeland(id, mobile, "Same@Example.cn"), seq -> Optional.empty());
                } catch (KaowuException e) {
                    return e.code();
                }
            }));
        }
        start.countDown();
        List<Object> outcomes = new java.util.ArrayList<>();
        for (Future<Object> f : results) {
            outcomes.add(f.get());
        }
        pool.shutdown();
        assertThat(outcomes).filteredOn(StoredCandidate.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !(o instanceof StoredCandidate)).containsOnly(ErrorCode.LOGIN_NAME_TAKEN);
        StoredCandidate owner = (StoredCandidate) outcomes.stream().filter(StoredCandidate.class::isInstance).findFirst().orElseThrow();
        // the e-mail logs in (any case), and a later, sequential registration is refused with its field
        assertThat(store.findByLogin("lakeland", org.kaowu.api.rules.LoginIdentifier.EMAIL, "same@example.cn")).get()
                .extracting(StoredCandidate::id).isEqualTo(owner.id());
        assertThatThrownBy(() -> store.register(lakeland("110105194912310053", "13900000009", "same@example.cn"), seq -> Optional.empty()))
                .isInstanceOfSatisfying(KaowuException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.LOGIN_NAME_TAKEN);
                    assertThat(e.field()).contains("email");
                });
        // re-binding a mobile to another candidate's login name is refused by the same key
        StoredCandidate other = store.register(lakeland("110105194912310053", "13900000009", "other@example.cn"), seq -> Optional.empty());
        assertThatThrownBy(() -> store.update("lakeland", other.id(), (c, seq) -> CandidateChange.of(c.withMobileVerified(owner.mobile()))))
                .isInstanceOfSatisfying(KaowuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOGIN_NAME_TAKEN));
        // and a free one moves the login name
        store.update("lakeland", other.id(), (c, seq) -> CandidateChange.of(c.withMobileVerified("13900000008")));
        assertThat(store.findByLogin("lakeland", org.kaowu.api.rules.LoginIdentifier.MOBILE, "13900000008")).get()
                .extracting(StoredCandidate::id).isEqualTo(other.id());
        assertThat(store.findByLogin("lakeland", org.kaowu.api.rules.LoginIdentifier.MOBILE, "13900000009")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void idAndMobileNumbersAreEncryptedAtRestAndFoundByKeyedHash(Db db) throws Exception {
        JpaCandidateStore store = store(db);
        StoredCandidate saved = store.register(candidate("11010519491231002X"), seq -> Optional.of("T" + seq.next("2026")));
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM candidate")) {
            assertThat(rs.next()).isTrue();
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
            }
            assertThat(row.toString()).doesNotContain("11010519491231002X").doesNotContain("13800138000").doesNotContainIgnoringCase("id_number=");
        }
        assertThat(store.findByIdNumber("testregion", "11010519491231002X")).get().extracting(StoredCandidate::id).isEqualTo(saved.id());
        assertThat(store.search("testregion", new CandidateQuery(Optional.empty(), Optional.empty(), Optional.of("11010519491231002x"), 10)))
                .extracting(StoredCandidate::id).containsExactly(saved.id());
        assertThatThrownBy(() -> store.register(candidate("11010519491231002X"), seq -> Optional.empty()))
                .isInstanceOfSatisfying(KaowuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANDIDATE_ALREADY_REGISTERED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDatabaseOfTheLastReleaseMigratesToEncryptedColumnsWithoutLoss(Db db) throws Exception {
        PersonalData data = PersonalData.generate();
        SchemaMigrations migrations = SchemaMigrations.of(getClass().getClassLoader(), data);
        assertThat(migrations.migrate(db.dataSource(), 5)).containsExactly(1, 2, 3, 4, 5);
        try (Connection c = db.dataSource().getConnection()) {
            String insert = "INSERT INTO candidate (id, region_code, full_name, id_type, id_number, mobile, email, password_hash, status, "
                    + "ticket_number, office_code, decided_by_bundle, decided_by_version, created_at, row_version) "
                    + "VALUES (?, 'lakeland', ?, 'RESIDENT_ID', ?, '13912345678', ?, 'h', 'REGISTERED', ?, '000001', 'b', '1', ?, 0)";
            java.sql.Timestamp at = java.sql.Timestamp.valueOf("2026-03-01 02:00:00");
            try (java.sql.PreparedStatement p = c.prepareStatement(insert)) {
                Object[][] rows = {{"00000000-0000-0000-0000-000000000001", "赵六", "11010519491231002X", "zhao@example.cn", "420100000001"},
                        {"00000000-0000-0000-0000-000000000002", "钱七", "110105194912310029", null, null}};
                for (Object[] r : rows) {
                    for (int i = 0; i < r.length; i++) {
                        p.setObject(i + 1, r[i], java.sql.Types.VARCHAR);
                    }
                    p.setTimestamp(6, at);
                    p.executeUpdate();
                }
            }
            try (java.sql.PreparedStatement p = c.prepareStatement("INSERT INTO record_on_file (region_code, ticket_number, id_number, full_name, "
                    + "office_code, imported_at, imported_by) VALUES ('lakeland', '420100000009', '110105194912310037', '孙八', '000001', ?, 'staff:p')")) {
                p.setTimestamp(1, at);
                p.executeUpdate();
            }
        }
        assertThat(migrations.migrate(db.dataSource())).isEqualTo(SchemaMigrationsTest.after(5));
        JpaCandidateStore store = new JpaCandidateStore(new Transactions(PersistenceUnit.create(db.dataSource(), db.postgres())), db.name(), data);
        assertThat(store.findByIdNumber("lakeland", "11010519491231002X")).get().satisfies(c -> {
            assertThat(c.name()).isEqualTo("赵六");
            assertThat(c.mobile()).isEqualTo("13912345678");
            assertThat(c.ticketNumber()).contains("420100000001");
        });
        assertThat(store.findByIdNumber("lakeland", "110105194912310029")).get().extracting(StoredCandidate::mobile).isEqualTo("13912345678");
        // the unique e-mail became a login name; the mobile two candidates share identifies nobody, as before
        assertThat(store.findByLogin("lakeland", org.kaowu.api.rules.LoginIdentifier.EMAIL, "zhao@example.cn")).isPresent();
        assertThat(store.findByLogin("lakeland", org.kaowu.api.rules.LoginIdentifier.MOBILE, "13912345678")).isEmpty();
        assertThat(store.recordsOnFile("lakeland", "110105194912310037")).singleElement()
                .satisfies(r -> assertThat(r.idNumber()).isEqualTo("110105194912310037"));
        assertThatThrownBy(() -> store.register(new NewCandidate("lakeland", "赵六", IdentityDocumentType.RESIDENT_ID, "11010519491231002X",
                "13900000001", Optional.empty(), "h", RegistrationStatus.REGISTERED, "000001", "b", "1", Instant.now(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Set.of()), seq -> Optional.empty()))
                .isInstanceOfSatisfying(KaowuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANDIDATE_ALREADY_REGISTERED));
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM record_on_file")) {
            rs.next();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                assertThat(String.valueOf(rs.getString(i))).doesNotContain("110105194912310037");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void ticketHoldersAreTheRegisteredCandidateElseTheUnclaimedRecordsOnFile(Db db) throws Exception {
        JpaCandidateStore store = store(db);
        Instant at = Instant.parse("2026-03-01T02:00:00Z");
        store.importRecordOnFile(new org.kaowu.store.RecordOnFile("testregion", "R9", "110105194912310037", "孙八", "000001", at, "staff:p",
                Optional.empty()));
        store.importRecordOnFile(new org.kaowu.store.RecordOnFile("testregion", "R3", "110105194912310037", "孙八", "000001", at, "staff:p",
                Optional.empty()));
        store.register(candidate("11010519491231002X"), seq -> Optional.of("T" + seq.next("2026")));
        store.register(candidate("110105194912310029"), seq -> Optional.empty());

        assertThat(store.ticketHolders("testregion", "11010519491231002X"))
                .containsExactly(new org.kaowu.store.TicketHolder("张三", Optional.of("T1"), false));
        assertThat(store.ticketHolders("testregion", "110105194912310029"))
                .containsExactly(new org.kaowu.store.TicketHolder("张三", Optional.empty(), false));
        assertThat(store.ticketHolders("testregion", "110105194912310037")).containsExactly(
                new org.kaowu.store.TicketHolder("孙八", Optional.of("R3"), true), new org.kaowu.store.TicketHolder("孙八", Optional.of("R9"), true));
        assertThat(store.ticketHolders("otherregion", "11010519491231002X")).isEmpty();
        assertThat(store.ticketHolders("testregion", "110105194912310118")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theTicketSequenceSkipsANumberARecordOnFileHolds(Db db) throws Exception {
        JpaCandidateStore store = store(db);
        store.importRecordOnFile(new org.kaowu.store.RecordOnFile("testregion", "T2", "110105194912310037", "孙八", "000001",
                Instant.parse("2026-03-01T02:00:00Z"), "staff:p", Optional.empty()));
        assertThat(store.register(candidate("11010519491231002X"), seq -> Optional.of("T" + seq.next("2026"))).ticketNumber()).contains("T1");
        assertThat(store.register(candidate("110105194912310029"), seq -> Optional.of("T" + seq.next("2026"))).ticketNumber()).contains("T3");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void eightImportsOfOneTicketNumberAtOnceKeepOneAndTheSequenceSkipsIt(Db db) throws Exception {
        JpaCandidateStore store = store(db);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Future<Object>> results = new java.util.ArrayList<>();
        String[] ids = {"11010519491231002X", "110105194912310029", "110105194912310037", "110105194912310045",
                "110105194912310053", "110105194912310061", "11010519491231007X", "110105194912310088"};
        for (String id : ids) {
            results.add(pool.submit(() -> {
                start.await();
                try {
                    return store.importRecordOnFile(new org.kaowu.store.RecordOnFile("testregion", "T1", id, "孙八", "000001",
                            Instant.parse("2026-03-01T02:00:00Z"), "staff:p", Optional.empty()));
                } catch (KaowuException e) {
                    return e.code();
                }
            }));
        }
        start.countDown();
        List<Object> outcomes = new java.util.ArrayList<>();
        for (Future<Object> f : results) {
            outcomes.add(f.get());
        }
        pool.shutdown();
        assertThat(outcomes).filteredOn(org.kaowu.store.RecordOnFile.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !(o instanceof org.kaowu.store.RecordOnFile)).containsOnly(ErrorCode.VALIDATION_FAILED);
        // the number the record holds is never drawn for a new candidate, and a candidate's number cannot be imported
        StoredCandidate drawn = store.register(candidate("110105194912310096"), seq -> Optional.of("T" + seq.next("2026")));
        assertThat(drawn.ticketNumber()).contains("T2");
        assertThatThrownBy(() -> store.importRecordOnFile(new org.kaowu.store.RecordOnFile("testregion", "T2", "110105194912310118", "周九",
                "000001", Instant.parse("2026-03-01T02:00:00Z"), "staff:p", Optional.empty())))
                .isInstanceOfSatisfying(KaowuException.class, e -> assertThat(e.field()).contains("ticketNumber"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCorrectedIdNumberIsFoundByItAndStaysUniqueInTheRegion(Db db) throws Exception {
        JpaCandidateStore store = store(db);
        StoredCandidate first = store.register(candidate("11010519491231002X"), seq -> Optional.empty());
        store.register(candidate("110105194912310029"), seq -> Optional.empty());

        assertThatThrownBy(() -> store.update("testregion", first.id(), (c, seq) -> CandidateChange.of(
                c.withIdentity("张三", IdentityDocumentType.RESIDENT_ID, "110105194912310029"))))
                .isInstanceOfSatisfying(KaowuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANDIDATE_ALREADY_REGISTERED));
        assertThat(store.findByIdNumber("testregion", "11010519491231002X")).isPresent();

        StoredCandidate corrected = store.update("testregion", first.id(), (c, seq) -> CandidateChange.of(
                c.withIdentity("张珊", IdentityDocumentType.RESIDENT_ID, "110105194912310037")));
        assertThat(corrected.name()).isEqualTo("张珊");
        assertThat(store.findByIdNumber("testregion", "110105194912310037")).get().extracting(StoredCandidate::id).isEqualTo(first.id());
        assertThat(store.findByIdNumber("testregion", "11010519491231002X")).isEmpty();
    }
}
