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
import org.kaowu.api.RegionReleases.Reference;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.api.StaffRole;
import org.kaowu.store.NewCandidate;
import org.kaowu.store.StoredStaff;

/** Region releases on record and the codes candidates and staff name, on Derby and PostgreSQL. */
class RegionReleasesTest {
    private static final Instant T0 = Instant.parse("2026-11-01T02:00:00Z");

    static Stream<CandidateStoreTest.Db> databases() throws Exception {
        return StoreDatabases.both();
    }

    private record Stores(JpaCandidateStore candidates, JpaAccountStore accounts, JpaRegionReleases releases) {
    }

    private static Stores stores(CandidateStoreTest.Db db) throws Exception {
        PersonalData data = PersonalData.generate();
        Transactions tx = StoreDatabases.migrated(db, data);
        return new Stores(new JpaCandidateStore(tx, db.name(), data), new JpaAccountStore(tx, data), new JpaRegionReleases(tx));
    }

    /** A region code no other test uses, as the databases are shared by the tests of a run. */
    private static String region() {
        return "lake" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static void candidate(Stores s, String region, String idNumber, String office, Optional<String> unit) {
        s.candidates().register(new NewCandidate(region, "王五", IdentityDocumentType.RESIDENT_ID, idNumber, "13800138000",
                Optional.empty(), "$2y$10$hash", RegistrationStatus.PENDING_REVIEW, office, "org.example.region", "1.0.0", T0,
                Optional.of("approval"), Optional.empty(), Optional.empty(), unit, Optional.of("zh"), Set.of()), seq -> Optional.empty());
    }

    private static void staff(Stores s, String region, StaffRole role, String office) {
        s.accounts().createStaff(new StoredStaff(UUID.randomUUID(), "u" + UUID.randomUUID().toString().substring(0, 8), "$2y$10$hash", role,
                Optional.of(region), Optional.of(office), T0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void referencesOutsideTheNewDataAreCountedPerCode(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        String region = region();
        candidate(s, region, "11010519491231002X", "000101", Optional.empty());
        candidate(s, region, "110105194912310029", "000101", Optional.of("lake-college"));
        candidate(s, region, "110105194912310037", "000102", Optional.empty());
        staff(s, region, StaffRole.COUNTY_OFFICE, "000101");
        staff(s, region, StaffRole.ASSISTANCE_UNIT, "lake-college");
        staff(s, region, StaffRole.ASSISTANCE_UNIT, "hill-school");
        // another region's candidate at the same office does not count
        candidate(s, region(), "110105194912310045", "000101", Optional.empty());

        assertThat(s.releases().referencesOutside(region, Set.of("000100", "000101", "000102"), Set.of(), Set.of("lake-college", "hill-school")))
                .isEmpty();
        assertThat(s.releases().referencesOutside(region, Set.of("000100", "000102"), Set.of(), Set.of("hill-school"))).containsExactly(
                new Reference(Reference.Kind.OFFICE, "000101", 2, 1),
                new Reference(Reference.Kind.ASSISTANCE_UNIT, "lake-college", 1, 1));
        assertThat(new Reference(Reference.Kind.OFFICE, "000101", 2, 1)).hasToString("office 000101 (2 candidates, 1 staff account)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aVersionKeepsTheDigestItFirstServedWith(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        String region = region();
        assertThat(s.releases().digest(region, "1.0.0")).isEmpty();
        assertThat(s.releases().record(region, "1.0.0", "org.example.lakeland", "a".repeat(64), T0)).isEqualTo("a".repeat(64));
        assertThat(s.releases().record(region, "1.0.0", "org.example.lakeland", "b".repeat(64), T0)).isEqualTo("a".repeat(64));
        assertThat(s.releases().digest(region, "1.0.0")).contains("a".repeat(64));
        assertThat(s.releases().record(region, "1.0.1", "org.example.lakeland", "b".repeat(64), T0)).isEqualTo("b".repeat(64));
        assertThat(s.releases().digest(region(), "1.0.0")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoNodesRecordingOneVersionAtOnceAgreeOnOneDigest(CandidateStoreTest.Db db) throws Exception {
        Stores s = stores(db);
        String region = region();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String digest = Integer.toString(i).repeat(64);
                Callable<String> call = () -> s.releases().record(region, "2.0.0", "org.example.lakeland", digest, T0);
                results.add(pool.submit(call));
            }
            Set<String> seen = new java.util.HashSet<>();
            for (Future<String> f : results) {
                seen.add(f.get());
            }
            assertThat(seen).hasSize(1);
            assertThat(s.releases().digest(region, "2.0.0")).contains(seen.iterator().next());
        } finally {
            pool.shutdownNow();
        }
    }
}
