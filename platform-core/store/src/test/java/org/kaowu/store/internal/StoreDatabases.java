package org.kaowu.store.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * The databases every store test runs on, side by side: a fresh in-memory Derby database and a fresh
 * database of one real PostgreSQL server. The server is started by the first test that asks for it and
 * stopped when the test JVM ends: one server for the module's tests, not one per test class.
 */
final class StoreDatabases {
    private static final AtomicInteger DERBY = new AtomicInteger();
    private static PostgresServer postgres;

    private StoreDatabases() {
    }

    /** The shared PostgreSQL server, started on first use. */
    static synchronized PostgresServer postgres() throws Exception {
        if (postgres == null) {
            PostgresServer started = PostgresServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception e) {
                    // the JVM is ending; the server's temporary directory is all that can be left
                }
            }, "stop-test-postgresql"));
            postgres = started;
        }
        return postgres;
    }

    /** A fresh, empty database of each kind: the arguments of a store test's {@code @MethodSource}. */
    static Stream<CandidateStoreTest.Db> both() throws Exception {
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName("memory:kaowu" + DERBY.incrementAndGet());
        derby.setCreateDatabase("create");
        return Stream.of(new CandidateStoreTest.Db("derby", derby, false), new CandidateStoreTest.Db("postgresql", postgres().newDatabase(), true));
    }

    /** {@code db} migrated to the shipped schema (personal data under {@code data}'s keys), and transactions on it. */
    static Transactions migrated(CandidateStoreTest.Db db, PersonalData data) throws Exception {
        SchemaMigrations.of(StoreDatabases.class.getClassLoader(), data).migrate(db.dataSource());
        return new Transactions(PersistenceUnit.create(db.dataSource(), db.postgres()));
    }
}
