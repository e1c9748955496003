package org.kaowu.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.api.rules.LoginIdentifier;
import org.kaowu.store.NewCandidate;
import org.kaowu.store.StoredCandidate;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Flyway's migrations on Derby and a real PostgreSQL: a database made by the runner Kaowu used before
 * Flyway migrates forward, an edited migration stops the start naming it, and nodes migrating one
 * database at the same moment all succeed.
 */
class SchemaMigrationsTest {
    @TempDir
    static Path temp;

    static Stream<CandidateStoreTest.Db> databases() throws Exception {
        return StoreDatabases.both();
    }

    private static NewCandidate candidate(String idNumber, String mobile, String email) {
        return new NewCandidate("lakeland", "张三", IdentityDocumentType.RESIDENT_ID, idNumber, mobile, Optional.ofNullable(email), "$2y$10$hash",
                RegistrationStatus.REGISTERED, "000001", "org.example.region", "1.0.0", Instant.parse("2026-03-01T02:00:00Z"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("zh"), java.util.Set.of());
    }

    private static JpaCandidateStore store(CandidateStoreTest.Db db, PersonalData data) {
        return new JpaCandidateStore(new Transactions(PersistenceUnit.create(db.dataSource(), db.postgres())), db.name(), data);
    }

    /** The versions this release ships (scripts in db/migration, and V7, a Java migration), ascending. */
    static List<Integer> shipped() throws Exception {
        Path scripts = Path.of(SchemaMigrationsTest.class.getClassLoader().getResource("db/migration").toURI());
        List<Integer> versions = new ArrayList<>(List.of(7));
        try (Stream<Path> files = Files.list(scripts)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.+\\.sql"))
                    .forEach(n -> versions.add(Integer.valueOf(n.substring(1, n.indexOf("__")))));
        }
        Collections.sort(versions);
        return versions;
    }

    /** The shipped versions after {@code version}. */
    static List<Integer> after(int version) throws Exception {
        return shipped().stream().filter(v -> v > version).toList();
    }

    /** History rows of the shipped versions after {@code version}, as {@link #history} gives them. */
    private static List<String> historyAfter(int version) throws Exception {
        return after(version).stream().map(v -> v + (v == 7 ? " JDBC true" : " SQL true")).toList();
    }

    private static List<String> history(DataSource ds) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT \"version\", \"type\", \"success\" FROM \"" + SchemaMigrations.HISTORY
                        + "\" ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3));
            }
        }
        return rows;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDatabaseTodaysRunnerMadeMigratesForwardWithItsData(CandidateStoreTest.Db db) throws Exception {
        PersonalData data = PersonalData.generate();
        LegacyRunner.migrate(db.dataSource(), data, 8);
        StoredCandidate before = store(db, data).register(candidate("11010519491231002X", "13912345678", "zhao@example.cn"),
                seq -> Optional.of("T" + seq.next("2026")));

        // Flyway takes over at V8 and runs what comes after (the release's later scripts, and a V999 of code)
        JavaMigration v9 = new JavaMigration() {
            @Override
            public MigrationVersion getVersion() {
                return MigrationVersion.fromVersion("999");
            }

            @Override
            public String getDescription() {
                return "a later migration";
            }

            @Override
            public Integer getChecksum() {
                return null;
            }

            @Override
            public boolean canExecuteInTransaction() {
                return true;
            }

            @Override
            public void migrate(Context context) throws SQLException {
                try (Statement s = context.getConnection().createStatement()) {
                    s.execute("CREATE TABLE later_table (id INTEGER NOT NULL PRIMARY KEY)");
                }
            }
        };
        SchemaMigrations flyway = new SchemaMigrations(getClass().getClassLoader(), List.of(new EncryptPersonalData(data), v9));
        List<Integer> later = new ArrayList<>(after(8));
        later.add(999);
        assertThat(flyway.migrate(db.dataSource())).isEqualTo(later);
        List<String> rows = new ArrayList<>(List.of("8 BASELINE true"));
        rows.addAll(historyAfter(8));
        rows.add("999 JDBC true");
        assertThat(history(db.dataSource())).isEqualTo(rows);
        assertThat(flyway.currentVersion(db.dataSource())).isEqualTo(999);
        assertThat(flyway.migrate(db.dataSource())).isEmpty();

        JpaCandidateStore store = store(db, data);
        assertThat(store.findByIdNumber("lakeland", "11010519491231002X")).get().satisfies(c -> {
            assertThat(c.id()).isEqualTo(before.id());
            assertThat(c.ticketNumber()).contains("T1");
            assertThat(c.mobile()).isEqualTo("13912345678");
        });
        assertThat(store.findByLogin("lakeland", LoginIdentifier.EMAIL, "zhao@example.cn")).isPresent();
        // the sequence goes on where it was
        assertThat(store.register(candidate("110105194912310029", "13912345670", null), seq -> Optional.of("T" + seq.next("2026"))).ticketNumber())
                .contains("T2");
        // the earlier history is kept as it was
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(version) FROM " + SchemaMigrations.LEGACY_HISTORY + "")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(8);
            assertThat(rs.getInt(2)).isEqualTo(8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDatabaseOfAnOlderReleaseRunsTheRestIncludingTheEncryptionStep(CandidateStoreTest.Db db) throws Exception {
        PersonalData data = PersonalData.generate();
        LegacyRunner.migrate(db.dataSource(), data, 5);
        try (Connection c = db.dataSource().getConnection(); PreparedStatement p = c.prepareStatement("INSERT INTO candidate (id, region_code, "
                + "full_name, id_type, id_number, mobile, email, password_hash, status, ticket_number, office_code, decided_by_bundle, "
                + "decided_by_version, created_at, row_version) VALUES ('00000000-0000-0000-0000-000000000001', 'lakeland', '赵六', "
                + "'RESIDENT_ID', '11010519491231002X', '13912345678', 'zhao@example.cn', 'h', 'REGISTERED', '420100000001', '000001', 'b', '1', ?, 0)")) {
            p.setTimestamp(1, Timestamp.valueOf("2026-03-01 02:00:00"));
            p.executeUpdate();
        }

        assertThat(SchemaMigrations.of(getClass().getClassLoader(), data).migrate(db.dataSource())).isEqualTo(after(5));
        List<String> rows = new ArrayList<>(List.of("5 BASELINE true"));
        rows.addAll(historyAfter(5));
        assertThat(history(db.dataSource())).isEqualTo(rows);
        assertThat(store(db, data).findByIdNumber("lakeland", "11010519491231002X")).get().satisfies(c -> {
            assertThat(c.name()).isEqualTo("赵六");
            assertThat(c.mobile()).isEqualTo("13912345678");
            assertThat(c.ticketNumber()).contains("420100000001");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anEditedAppliedMigrationStopsTheStartNamingItAndChangesNothing(CandidateStoreTest.Db db) throws Exception {
        PersonalData data = PersonalData.generate();
        assertThat(SchemaMigrations.of(getClass().getClassLoader(), data).migrate(db.dataSource(), 7)).containsExactly(1, 2, 3, 4, 5, 6, 7);

        // The same release with V1 edited after it was applied (a column widened)
        Path edited = Files.createTempDirectory(temp, "edited");
        ClassLoader withEditedV1 = overlay(edited, "V1__candidates.sql", sql -> sql.replace("VARCHAR(100)", "VARCHAR(120)"));
        SchemaMigrations release = SchemaMigrations.of(withEditedV1, data);
        assertThatThrownBy(() -> release.migrate(db.dataSource()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("migration V1 (V1__candidates.sql) differs")
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("The store stays down");
        // V8 was not applied, and no repair was made
        assertThat(SchemaMigrations.of(getClass().getClassLoader(), data).currentVersion(db.dataSource())).isEqualTo(7);
        assertThatThrownBy(() -> release.migrate(db.dataSource())).hasMessageContaining("migration V1 (V1__candidates.sql) differs");
        // the release as shipped still starts
        assertThat(SchemaMigrations.of(getClass().getClassLoader(), data).migrate(db.dataSource())).isEqualTo(after(7));
    }

    /**
     * A restart on the migrations already applied is checked with one query instead of Flyway, and only
     * when the history holds exactly the shipped migrations with the checksums Flyway computed for them:
     * an edited script or a changed history row still goes to Flyway, which refuses the start as before.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRestartOnAppliedMigrationsSkipsFlywayOnlyWhileEveryChecksumMatches(CandidateStoreTest.Db db) throws Exception {
        PersonalData data = PersonalData.generate();
        SchemaMigrations shipped = SchemaMigrations.of(getClass().getClassLoader(), data);
        assertThat(shipped.upToDate(db.dataSource())).as("no history yet").isFalse();
        shipped.migrate(db.dataSource(), 7);
        assertThat(shipped.upToDate(db.dataSource())).as("V8 and later pending").isFalse();
        assertThat(shipped.migrate(db.dataSource())).isEqualTo(after(7));
        // Flyway's own records (checksums, descriptions, the Java migration) match what the check computes
        assertThat(shipped.upToDate(db.dataSource())).isTrue();
        assertThat(shipped.migrate(db.dataSource())).isEmpty();

        Path edited = Files.createTempDirectory(temp, "edited");
        SchemaMigrations withEditedV1 = SchemaMigrations.of(overlay(edited, "V1__candidates.sql", sql -> sql.replace("VARCHAR(100)", "VARCHAR(120)")), data);
        assertThat(withEditedV1.upToDate(db.dataSource())).isFalse();
        assertThatThrownBy(() -> withEditedV1.migrate(db.dataSource())).hasMessageContaining("migration V1 (V1__candidates.sql) differs");

        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE \"" + SchemaMigrations.HISTORY + "\" SET \"checksum\" = \"checksum\" + 1 WHERE \"version\" = '2'");
        }
        assertThat(shipped.upToDate(db.dataSource())).isFalse();
        assertThatThrownBy(() -> shipped.migrate(db.dataSource())).hasMessageContaining("migration V2 (V2__accounts.sql) differs");
    }

    @Test
    void theChecksumIsFlywaysCrcOfTheLinesWithoutLineEndsOrByteOrderMark() throws Exception {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("a".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        crc.update("b".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int ab = (int) crc.getValue();
        assertThat(SchemaMigrations.checksum("a\nb")).isEqualTo(ab);
        assertThat(SchemaMigrations.checksum("\uFEFFa\r\nb\n")).isEqualTo(ab);
        assertThat(SchemaMigrations.checksum("a\nc")).isNotEqualTo(ab);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSchemaOfSomethingElseIsNotTakenOver(CandidateStoreTest.Db db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE candidate (id INTEGER NOT NULL PRIMARY KEY)");
        }
        assertThatThrownBy(() -> SchemaMigrations.of(getClass().getClassLoader(), PersonalData.generate()).migrate(db.dataSource()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("non-empty schema");
    }

    /** Nodes starting at the same moment, each with its own pool, on a fresh database and on one the earlier runner made. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void fourNodesMigratingOneDatabaseAtOnceAllSucceed(CandidateStoreTest.Db db) throws Exception {
        for (boolean legacy : new boolean[] {false, true}) {
            DataSource shared = legacy ? fresh(db) : db.dataSource();
            PersonalData data = PersonalData.generate();
            if (legacy) {
                LegacyRunner.migrate(shared, data, 5);
            }
            int nodes = 4;
            ExecutorService pool = Executors.newFixedThreadPool(nodes);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Future<List<Integer>>> results = new ArrayList<>();
                for (int i = 0; i < nodes; i++) {
                    DataSource own = ownPool(db, shared);
                    results.add(pool.submit(() -> {
                        go.await();
                        try {
                            return SchemaMigrations.of(getClass().getClassLoader(), data).migrate(own);
                        } finally {
                            if (own instanceof HikariDataSource h) {
                                h.close();
                            }
                        }
                    }));
                }
                go.countDown();
                List<Integer> all = new ArrayList<>();
                for (Future<List<Integer>> f : results) {
                    all.addAll(f.get(120, TimeUnit.SECONDS));
                }
                Collections.sort(all);
                assertThat(all).as(db + (legacy ? " from V5" : " fresh") + ": each migration applied by exactly one node")
                        .isEqualTo(legacy ? after(5) : shipped());
                assertThat(history(shared)).hasSize(legacy ? after(5).size() + 1 : shipped().size()).allSatisfy(row -> assertThat(row).endsWith("true"));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static DataSource fresh(CandidateStoreTest.Db db) throws Exception {
        return CandidateStoreTest.databases().filter(d -> d.name().equals(db.name())).findFirst().orElseThrow().dataSource();
    }

    /** A connection pool of its own, as a node has. */
    private static DataSource ownPool(CandidateStoreTest.Db db, DataSource shared) {
        if (!db.postgres()) {
            EmbeddedDataSource derby = new EmbeddedDataSource();
            derby.setDatabaseName(((EmbeddedDataSource) shared).getDatabaseName());
            derby.setCreateDatabase("create");
            return derby;
        }
        org.postgresql.ds.PGSimpleDataSource pg = (org.postgresql.ds.PGSimpleDataSource) shared;
        return DataSources.postgres(pg.getURL(), pg.getUser(), "", 3);
    }

    /**
     * The test classes' class loader, except that {@code db/migration} is a copy of the shipped scripts
     * in {@code dir} with {@code script} changed by {@code edit}: a release whose applied migration was edited.
     */
    private static ClassLoader overlay(Path dir, String script, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path migrations = Files.createDirectories(dir.resolve("db/migration"));
        Path shipped = Path.of("target/classes/db/migration");
        try (Stream<Path> files = Files.list(shipped)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f);
                if (f.getFileName().toString().equals(script)) {
                    String changed = edit.apply(text);
                    assertThat(changed).isNotEqualTo(text);
                    text = changed;
                }
                Files.writeString(migrations.resolve(f.getFileName()), text);
            }
        }
        ClassLoader parent = SchemaMigrationsTest.class.getClassLoader();
        return new ClassLoader(parent) {
            @Override
            public URL getResource(String name) {
                return name.startsWith("db/migration") ? url(name) : parent.getResource(name);
            }

            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                if (name.startsWith("db/migration")) {
                    URL url = url(name);
                    return url == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(url));
                }
                return parent.getResources(name);
            }

            @Override
            public InputStream getResourceAsStream(String name) {
                try {
                    URL url = getResource(name);
                    return url == null ? null : url.openStream();
                } catch (IOException e) {
                    return null;
                }
            }

            private URL url(String name) {
                Path p = dir.resolve(name);
                try {
                    return Files.exists(p) ? p.toUri().toURL() : null;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /**
     * The migration runner of Kaowu before Flyway, as main had it (test copy): the scripts in order,
     * each in one transaction with its row in kaowu_schema_version; V7 was code.
     */
    static final class LegacyRunner {
        private static final List<String> INDEX = List.of("V1__candidates.sql", "V2__accounts.sql", "V3__records_on_file.sql",
                "V4__prior_education.sql", "V5__exam_language.sql", "V6__login_names_and_encrypted_columns.sql",
                "V7__encrypt_personal_data.java", "V8__drop_clear_personal_data.sql");

        static void migrate(DataSource ds, PersonalData data, int upTo) throws Exception {
            try (Connection c = ds.getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE kaowu_schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                            + "description VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)");
                }
                for (int version = 1; version <= upTo; version++) {
                    String name = INDEX.get(version - 1);
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        if (name.endsWith(".java")) {
                            new EncryptPersonalData(data).apply(c);
                        } else {
                            for (String statement : statements(read("db/migration/" + name))) {
                                s.execute(statement);
                            }
                        }
                        try (PreparedStatement p = c.prepareStatement("INSERT INTO kaowu_schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                            p.setInt(1, version);
                            p.setString(2, name.substring(name.indexOf("__") + 2, name.lastIndexOf('.')).replace('_', ' '));
                            p.setTimestamp(3, Timestamp.from(Instant.now()));
                            p.executeUpdate();
                        }
                        c.commit();
                    } finally {
                        c.setAutoCommit(true);
                    }
                }
            }
        }

        private static List<String> statements(String sql) {
            List<String> result = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : sql.split("\\R")) {
                String trimmed = line.strip();
                if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                    continue;
                }
                current.append(line).append('\n');
                if (trimmed.endsWith(";")) {
                    String statement = current.toString().strip();
                    result.add(statement.substring(0, statement.length() - 1));
                    current.setLength(0);
                }
            }
            return result;
        }

        private static String read(String resource) throws IOException {
            try (InputStream in = SchemaMigrationsTest.class.getClassLoader().getResourceAsStream(resource)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
