package org.kaowu.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import org.kaowu.store.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of audit events that belong to no decision (reads such as ticket-number lookups), with the
 * human-check answer that guarded the read: callers queue their event and wait; one writer thread takes
 * everything queued, writes it in one transaction and then releases the callers of that batch. While one
 * batch commits (the database's log sync is most of the cost), the next one gathers, so under load many
 * requests share one commit and the audit still holds each entry durably before its request is answered.
 * <p>
 * A human-check answer is spent in the batch's transaction, before the events: a statement that inserts its
 * row into {@code human_check_spent} only when the id is not there (PostgreSQL {@code ON CONFLICT DO
 * NOTHING}, Derby {@code MERGE}), so its update count says whether this request spent it; the primary key
 * decides between nodes. The event of a request whose answer was spent before is not written and the
 * request learns it (false). Two requests of one batch with the same answer: the first spends it. A batch
 * that fails is written again one request per transaction, so one bad event fails only its own caller
 * (and a unique violation of a spend raced by another node is a spent answer).
 */
final class GroupCommitAudit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitAudit.class);
    private static final int MAX_BATCH = 500;
    private static final long WAIT_SECONDS = 30;
    private static final String INSERT_EVENT = "INSERT INTO audit_event (id, occurred_at, actor, action, region_code, subject, outcome, detail) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SPEND_POSTGRES = "INSERT INTO human_check_spent (id, expires_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING";
    private static final String SPEND_DERBY = "MERGE INTO human_check_spent s USING SYSIBM.SYSDUMMY1 ON s.id = ? "
            + "WHEN NOT MATCHED THEN INSERT (id, expires_at) VALUES (?, ?)";

    /** A human-check answer to spend with the event. */
    record Spend(String id, Instant expiresAt) {
    }

    private record Pending(AuditEvent event, Optional<Spend> spend, CompletableFuture<Boolean> written) {
    }

    private final Transactions transactions;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final AtomicLong batches = new AtomicLong();
    private volatile Boolean postgres;
    private volatile boolean closed;

    GroupCommitAudit(Transactions transactions) {
        this.transactions = transactions;
        this.writer = new Thread(this::run, "kaowu-audit-group-commit");
        writer.setDaemon(true);
        writer.start();
    }

    /** Writes the event (in the thread's transaction when there is one) and returns once it is committed. */
    void write(AuditEvent event) {
        write(event, Optional.empty());
    }

    /**
     * Spends the answer (when given) and writes the event, in the thread's transaction when there is one, else
     * in the next batch; returns once committed: true, or false when the answer was spent before (no event written).
     */
    boolean write(AuditEvent event, Optional<Spend> spend) {
        if (transactions.joined()) {
            return transactions.inTransaction(em -> jdbc(em, c -> writeOne(c, new Pending(event, spend, null))));
        }
        if (closed) {
            throw new IllegalStateException("The store is stopping: audit not written");
        }
        Pending p = new Pending(event, spend, new CompletableFuture<>());
        queue.add(p);
        try {
            return p.written().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the audit entry was written", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The audit entry was not written in " + WAIT_SECONDS + " s", e);
        }
    }

    /** Transactions committed so far (for tests: fewer than the events when requests shared them). */
    long batches() {
        return batches.get();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                writeBatch(batch);
            } catch (InterruptedException e) {
                if (!closed) {
                    LOG.warn("Audit writer interrupted; going on");
                }
            } catch (RuntimeException | Error e) {
                LOG.error("Audit writer failed", e);
                batch.forEach(p -> p.written().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        try {
            boolean[] spent = transactions.inTransaction(em -> jdbc(em, c -> writeAll(c, batch)));
            batches.incrementAndGet();
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).written().complete(spent[i]);
            }
        } catch (RuntimeException batchFailed) {
            for (Pending p : batch) {
                try {
                    boolean spent = transactions.inTransaction(em -> jdbc(em, c -> writeOne(c, p)));
                    batches.incrementAndGet();
                    p.written().complete(spent);
                } catch (RuntimeException e) {
                    if (p.spend().isPresent() && Transactions.violates(e, "pk_human_check_spent")) {
                        p.written().complete(false); // another node spent it between our statement and its commit
                    } else {
                        p.written().completeExceptionally(e);
                    }
                }
            }
        }
    }

    /** The batch in the connection's transaction: the spends (their update counts), then the events of those that spent. */
    private boolean[] writeAll(Connection c, List<Pending> batch) throws SQLException {
        boolean[] go = new boolean[batch.size()];
        List<Integer> spending = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            Optional<Spend> s = batch.get(i).spend();
            if (s.isEmpty()) {
                go[i] = true;
            } else if (seen.add(s.get().id())) {
                spending.add(i); // a second request of this batch with the answer: refused, like one of a later batch
            }
        }
        if (!spending.isEmpty()) {
            try (PreparedStatement spend = c.prepareStatement(spendSql(c))) {
                for (int i : spending) {
                    bindSpend(spend, batch.get(i).spend().orElseThrow());
                    spend.addBatch();
                }
                int[] counts = spend.executeBatch();
                for (int k = 0; k < counts.length; k++) {
                    if (counts[k] == Statement.SUCCESS_NO_INFO) {
                        throw new SQLException("The driver did not say which human checks the batch spent");
                    }
                    go[spending.get(k)] = counts[k] == 1;
                }
            }
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_EVENT)) {
            int rows = 0;
            for (int i = 0; i < batch.size(); i++) {
                if (go[i]) {
                    bindEvent(insert, batch.get(i).event());
                    insert.addBatch();
                    rows++;
                }
            }
            if (rows > 0) {
                insert.executeBatch();
            }
        }
        return go;
    }

    /** One request in the connection's transaction: its spend, then (when it spent) its event. */
    private boolean writeOne(Connection c, Pending p) throws SQLException {
        if (p.spend().isPresent()) {
            try (PreparedStatement spend = c.prepareStatement(spendSql(c))) {
                bindSpend(spend, p.spend().get());
                if (spend.executeUpdate() != 1) {
                    return false;
                }
            }
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_EVENT)) {
            bindEvent(insert, p.event());
            insert.executeUpdate();
        }
        return true;
    }

    private String spendSql(Connection c) throws SQLException {
        Boolean pg = postgres;
        if (pg == null) {
            pg = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            postgres = pg;
        }
        return pg ? SPEND_POSTGRES : SPEND_DERBY;
    }

    private void bindSpend(PreparedStatement s, Spend spend) throws SQLException {
        if (postgres) {
            s.setString(1, spend.id());
            s.setTimestamp(2, utc(spend.expiresAt()));
        } else {
            s.setString(1, spend.id());
            s.setString(2, spend.id());
            s.setTimestamp(3, utc(spend.expiresAt()));
        }
    }

    /** The row of the event, as {@link JpaAccountStore#entity} maps it (times as UTC wall-clock time, like {@link UtcInstantConverter}). */
    private static void bindEvent(PreparedStatement s, AuditEvent event) throws SQLException {
        AuditEventEntity e = JpaAccountStore.entity(event);
        s.setString(1, e.id);
        s.setTimestamp(2, utc(e.occurredAt));
        s.setString(3, e.actor);
        s.setString(4, e.action);
        s.setString(5, e.regionCode);
        s.setString(6, e.subject);
        s.setString(7, e.outcome);
        s.setString(8, e.detail);
    }

    private static Timestamp utc(Instant at) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    @FunctionalInterface
    private interface Jdbc<T> {
        T run(Connection c) throws SQLException;
    }

    private static <T> T jdbc(EntityManager em, Jdbc<T> work) {
        try {
            return work.run(em.unwrap(Connection.class));
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e.getNextException() != null ? e.getNextException() : e);
        }
    }

    /** Writes what is queued, then stops the writer (the store is stopping). */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            p.written().completeExceptionally(new IllegalStateException("The store stopped: audit not written"));
        }
    }
}
