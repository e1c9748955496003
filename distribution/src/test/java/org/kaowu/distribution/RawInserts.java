package org.kaowu.distribution;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import javax.sql.DataSource;

/**
 * The raw JDBC baseline of the enrollment steps: threads with a connection each, inserting one row of an
 * enrollment's size and committing, as fast as the database takes it, in a table of their own created
 * for the run and dropped after it. Used by the benchmark (KaowuBenchmark) and by the load test's fixture
 * bundle (which packs this class), so that both measure the same loop.
 */
public final class RawInserts {
    /** Committed rows, failed inserts, the measured seconds and the committed inserts' latencies. */
    public record Result(long rows, long errors, double seconds, double p50Ms, double p99Ms, double maxMs) {
        public double perSecond() {
            return rows / seconds;
        }
    }

    private RawInserts() {
    }

    /** {@code threads} threads inserting into a new {@code table} for {@code warmUp}, then measured for {@code measure}. */
    public static Result run(DataSource ds, String table, int threads, Duration warmUp, Duration measure)
            throws SQLException, InterruptedException, ExecutionException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + table + " (id CHAR(36) NOT NULL, region_code VARCHAR(32) NOT NULL, payload VARCHAR(200) NOT NULL,"
                    + " created_at TIMESTAMP NOT NULL, CONSTRAINT pk_" + table + " PRIMARY KEY (id))");
        }
        try {
            ClosedLoop.run(threads, warmUp, () -> inserter(ds, table));
            long start = System.nanoTime();
            List<long[]> latencies = ClosedLoop.run(threads, measure, () -> inserter(ds, table));
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] committed = ClosedLoop.succeeded(latencies);
            return new Result(committed.length, ClosedLoop.failed(latencies), seconds, ClosedLoop.percentile(committed, 0.50),
                    ClosedLoop.percentile(committed, 0.99), committed.length == 0 ? 0 : committed[committed.length - 1] / 1e6);
        } finally {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP TABLE " + table);
            }
        }
    }

    /** One connection, inserting a row and committing each time (rolled back when it fails). */
    private static ClosedLoop.Worker inserter(DataSource ds, String table) throws SQLException {
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (id, region_code, payload, created_at) VALUES (?, ?, ?, ?)");
        return new ClosedLoop.Worker() {
            @Override
            public boolean once() throws SQLException {
                try {
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setString(2, "raw-inserts");
                    insert.setString(3, "报考 enrollment 2027-04 080901 03708 03709 00015 00023 500103 ONLINE");
                    insert.setTimestamp(4, new java.sql.Timestamp(System.currentTimeMillis()));
                    insert.executeUpdate();
                    c.commit();
                    return true;
                } catch (SQLException e) {
                    c.rollback();
                    return false;
                }
            }

            @Override
            public void close() throws SQLException {
                try (c; insert) {
                    // both closed
                }
            }
        };
    }
}
