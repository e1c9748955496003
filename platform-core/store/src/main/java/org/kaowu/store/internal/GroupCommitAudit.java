package org.kaowu.store.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.kaowu.store.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of audit events that belong to no decision (reads such as ticket-number lookups): callers
 * queue their event and wait; one writer thread takes everything queued, writes it in one transaction and
 * then releases the callers of that batch. While one batch commits (the database's log sync is most of the
 * cost), the next one gathers, so under load many requests share one commit and the audit still holds each
 * entry durably before its request is answered. A batch that fails is written again one event per
 * transaction, so one bad event fails only its own caller.
 */
final class GroupCommitAudit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitAudit.class);
    private static final int MAX_BATCH = 500;
    private static final long WAIT_SECONDS = 30;

    private record Pending(AuditEvent event, CompletableFuture<Void> written) {
    }

    private final Transactions transactions;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final AtomicLong batches = new AtomicLong();
    private volatile boolean closed;

    GroupCommitAudit(Transactions transactions) {
        this.transactions = transactions;
        this.writer = new Thread(this::run, "kaowu-audit-group-commit");
        writer.setDaemon(true);
        writer.start();
    }

    /** Writes the event (in the thread's transaction when there is one) and returns once it is committed. */
    void write(AuditEvent event) {
        if (transactions.joined()) {
            transactions.inTransaction(em -> {
                em.persist(JpaAccountStore.entity(event));
                return null;
            });
            return;
        }
        if (closed) {
            throw new IllegalStateException("The store is stopping: audit not written");
        }
        Pending p = new Pending(event, new CompletableFuture<>());
        queue.add(p);
        try {
            p.written().get(WAIT_SECONDS, TimeUnit.SECONDS);
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
            transactions.inTransaction(em -> {
                for (Pending p : batch) {
                    em.persist(JpaAccountStore.entity(p.event()));
                }
                return null;
            });
            batches.incrementAndGet();
            batch.forEach(p -> p.written().complete(null));
        } catch (RuntimeException batchFailed) {
            for (Pending p : batch) {
                try {
                    transactions.inTransaction(em -> {
                        em.persist(JpaAccountStore.entity(p.event()));
                        return null;
                    });
                    batches.incrementAndGet();
                    p.written().complete(null);
                } catch (RuntimeException e) {
                    p.written().completeExceptionally(e);
                }
            }
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
