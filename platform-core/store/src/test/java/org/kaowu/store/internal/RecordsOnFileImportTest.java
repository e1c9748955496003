package org.kaowu.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;


import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.store.NewCandidate;
import org.kaowu.store.RecordOnFile;
import org.kaowu.store.RecordsImport;

/**
 * Imports of many records on file at once, on real Derby and PostgreSQL: thousands of rows in batches, all
 * or nothing when a number is already held (by a candidate or an earlier record), and two overlapping
 * imports at the same moment never both holding one number.
 */
class RecordsOnFileImportTest {
    private static final Instant AT = Instant.parse("2026-03-01T02:00:00Z");

    static Stream<CandidateStoreTest.Db> databases() throws Exception {
        return StoreDatabases.both();
    }

    private static JpaCandidateStore store(CandidateStoreTest.Db db) throws Exception {
        PersonalData data = PersonalData.generate();
        return new JpaCandidateStore(StoreDatabases.migrated(db, data), db.name(), data);
    }

    /** A distinct ID number (check character computed; the store does not check dates) for serial {@code n}. */
    static String idNumber(int n) {
        String first17 = "11010519" + String.format("%09d", n);
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * weights[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    private static List<RecordOnFile> records(int from, int count) {
        List<RecordOnFile> list = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            list.add(new RecordOnFile("testregion", String.format("T%08d", i), idNumber(i), "考生" + i, "000001", AT, "staff:p", Optional.empty()));
        }
        return list;
    }

    private static long count(CandidateStoreTest.Db db, String table) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void tenThousandRecordsAreImportedInBatchesAndFoundByIdNumber(CandidateStoreTest.Db db) throws Exception {
        JpaCandidateStore store = store(db);
        List<RecordOnFile> records = records(1, 10_000);
        long start = System.nanoTime();
        RecordsImport done = store.importRecordsOnFile(records);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("%s: imported 10,000 records on file in %d ms%n", db, millis);

        assertThat(done.imported()).isEqualTo(10_000);
        assertThat(done.held()).isEmpty();
        assertThat(count(db, "record_on_file")).isEqualTo(10_000);
        assertThat(count(db, "held_ticket")).isEqualTo(10_000);
        assertThat(store.recordsOnFile("testregion", records.get(4321).idNumber())).singleElement().satisfies(r -> {
            assertThat(r.ticketNumber()).isEqualTo("T00004322");
            assertThat(r.name()).isEqualTo("考生4322");
            assertThat(r.importedAt()).isEqualTo(AT);
            assertThat(r.claimedBy()).isEmpty();
        });
        // the ID numbers are stored encrypted, never in clear
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id_number_enc FROM record_on_file WHERE ticket_number = 'T00004322'")) {
            rs.next();
            assertThat(rs.getString(1)).doesNotContain(records.get(4321).idNumber());
        }
        // a number of the import is never drawn for a new candidate
        assertThat(store.register(candidate("11010519491231002X"), seq -> Optional.of(String.format("T%08d", seq.next("s") + 9_999)))
                .ticketNumber()).contains("T00010001");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void numbersHeldByACandidateOrAnEarlierRecordRefuseTheWholeImport(CandidateStoreTest.Db db) throws Exception {
        JpaCandidateStore store = store(db);
        store.register(candidate("11010519491231002X"), seq -> Optional.of("T00000500"));
        store.importRecordOnFile(new RecordOnFile("testregion", "T00000900", idNumber(5), "前一", "000001", AT, "staff:p", Optional.empty()));

        RecordsImport refused = store.importRecordsOnFile(records(1, 1_000));

        assertThat(refused.imported()).isZero();
        assertThat(refused.held()).extracting(RecordsImport.Held::index, RecordsImport.Held::ticketNumber, RecordsImport.Held::onFile)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(499, "T00000500", false), org.assertj.core.groups.Tuple.tuple(899, "T00000900", true));
        assertThat(count(db, "record_on_file")).as("nothing of the refused import").isEqualTo(1);
        assertThat(count(db, "held_ticket")).isEqualTo(2);

        // the file without those two goes in whole
        List<RecordOnFile> corrected = new ArrayList<>(records(1, 1_000));
        corrected.remove(899);
        corrected.remove(499);
        assertThat(store.importRecordsOnFile(corrected).imported()).isEqualTo(998);
        assertThat(count(db, "record_on_file")).isEqualTo(999);
        assertThat(count(db, "held_ticket")).isEqualTo(1_000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoOverlappingImportsAtOnceCannotBothHoldANumber(CandidateStoreTest.Db db) throws Exception {
        JpaCandidateStore store = store(db);
        // 1..2000 and 1501..3500: 500 numbers in both files
        List<List<RecordOnFile>> files = List.of(records(1, 2_000), records(1_501, 2_000));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RecordsImport>> results = new ArrayList<>();
        for (List<RecordOnFile> file : files) {
            results.add(pool.submit(() -> {
                start.await();
                return store.importRecordsOnFile(file);
            }));
        }
        start.countDown();
        List<RecordsImport> outcomes = new ArrayList<>();
        for (Future<RecordsImport> f : results) {
            outcomes.add(f.get());
        }
        pool.shutdown();

        assertThat(outcomes).filteredOn(o -> o.imported() == 2_000).hasSize(1);
        RecordsImport loser = outcomes.stream().filter(o -> o.imported() == 0).findFirst().orElseThrow();
        assertThat(loser.held()).hasSize(500).allSatisfy(h -> assertThat(h.onFile()).isTrue());
        assertThat(count(db, "record_on_file")).isEqualTo(2_000);
        assertThat(count(db, "held_ticket")).isEqualTo(2_000);
    }

    private static NewCandidate candidate(String idNumber) {
        return new NewCandidate("testregion", "张三", IdentityDocumentType.RESIDENT_ID, idNumber, "13800138000", Optional.empty(), "$2y$10$hash",
                RegistrationStatus.REGISTERED, "000001", "org.example.region", "1.0.0", AT, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("zh"), java.util.Set.of());
    }
}
