package org.kaowu.store.internal;

import java.sql.SQLException;
import java.util.Locale;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;

/**
 * Resource-local transactions of the store, one per thread: a store call made while another runs on the
 * same thread (inside {@link #retried} started by {@code atomically}) joins it, so a decision and its
 * audit row commit together or not at all. Transient conflicts (deadlock, lock timeout, serialization
 * failure, a counter or ticket number drawn twice) are retried as a whole by the outermost call.
 */
final class Transactions {
    private static final int ATTEMPTS = 5;

    private final EntityManagerFactory emf;
    private final ThreadLocal<EntityManager> current = new ThreadLocal<>();
    private static final Object NONE = new Object();
    private volatile Object dataSource;

    Transactions(EntityManagerFactory emf) {
        this.emf = emf;
    }

    /** Work on a JDBC connection. */
    @FunctionalInterface
    interface Jdbc<T> {
        T run(java.sql.Connection c) throws SQLException;
    }

    /**
     * A read of committed data on a connection of the unit's DataSource in auto-commit: no EntityManager, no
     * transaction begun and committed around it (the hot public reads, such as the ticket-number lookup). Inside
     * the thread's transaction it reads on that transaction's connection instead.
     */
    <T> T read(Jdbc<T> work) {
        Object ds = current.get() != null ? null : dataSource();
        try {
            if (ds instanceof javax.sql.DataSource dataSource) {
                try (java.sql.Connection c = dataSource.getConnection()) {
                    if (!c.getAutoCommit()) {
                        c.setAutoCommit(true);
                    }
                    return work.run(c);
                }
            }
            return inTransaction(em -> {
                try {
                    return work.run(em.unwrap(java.sql.Connection.class));
                } catch (SQLException e) {
                    throw new PersistenceException(e.getMessage(), e);
                }
            });
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
    }

    /** The unit's DataSource (or whatever else the factory was given), looked up once: the factory copies its properties on each call. */
    private Object dataSource() {
        Object ds = dataSource;
        if (ds == null) {
            ds = emf.getProperties().get("jakarta.persistence.nonJtaDataSource");
            dataSource = ds == null ? NONE : ds;
        }
        return ds;
    }

    /** Whether the calling thread is inside a transaction that a store call would join. */
    boolean joined() {
        return current.get() != null;
    }

    EntityManagerFactory emf() {
        return emf;
    }

    /** Runs work in the thread's transaction, or in a new one committed when it returns and rolled back when it throws. */
    <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager joined = current.get();
        if (joined != null) {
            return work.apply(joined);
        }
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        current.set(em);
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } finally {
            current.remove();
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    /**
     * Like {@link #inTransaction}, retrying a transient conflict a few times (only the outermost call
     * retries: a joined one fails its whole transaction), then CONFLICT_RETRY.
     */
    <T> T retried(Function<EntityManager, T> work) {
        if (current.get() != null) {
            return work.apply(current.get());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction(work);
            } catch (PersistenceException e) {
                if (!isTransient(e)) {
                    throw isUniqueViolation(e) ? conflict(e) : e;
                }
                if (attempt >= ATTEMPTS) {
                    throw new KaowuException(ErrorCode.CONFLICT_RETRY, "The change collided with concurrent ones; try again");
                }
            }
        }
    }

    /** Reads in a transaction of its own, outside the thread's (e.g. to tell why the thread's failed). */
    <T> T outside(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            if (em.getTransaction().getRollbackOnly()) {
                em.getTransaction().rollback();
            } else {
                em.getTransaction().commit();
            }
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    /**
     * Deadlock, lock timeout, serialization failure, or a unique violation of a counter or ticket number
     * (two transactions drew the same; the next attempt draws another). Any other unique violation is a
     * conflict with data and is reported with its own code, never retried.
     */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("40")) {
                    return true;
                }
                if (state.equals("23505")) {
                    String message = String.valueOf(sql.getMessage()).toUpperCase(Locale.ROOT);
                    return message.contains("PK_TICKET_SEQUENCE") || message.contains("UQ_CANDIDATE_TICKET") || message.contains("PK_HELD_TICKET");
                }
            }
        }
        return false;
    }

    /** A unique violation as the conflict with data it is, by the constraint that fired (named alike on Derby and PostgreSQL). */
    static KaowuException conflict(Throwable e) {
        String message = uniqueViolation(e);
        if (message.contains("PK_LOGIN_NAME")) {
            return new KaowuException(ErrorCode.LOGIN_NAME_TAKEN, "This e-mail address or mobile number is a login name of another candidate");
        }
        if (message.contains("UQ_CANDIDATE_ID_MAC")) {
            return new KaowuException(ErrorCode.CANDIDATE_ALREADY_REGISTERED, "idNumber",
                    "This identity document number is already registered in this region");
        }
        if (message.contains("UQ_STAFF_USERNAME")) {
            return new KaowuException(ErrorCode.STAFF_ALREADY_EXISTS, "username", "A staff account with this username exists");
        }
        if (message.contains("UQ_ENROLLMENT_SITTING")) {
            return new KaowuException(ErrorCode.ALREADY_ENROLLED, "sitting", "This candidate already has an enrollment in this sitting");
        }
        if (message.contains("UQ_ENROLLMENT_LINE_SESSION")) {
            return new KaowuException(ErrorCode.SESSION_CONFLICT, "courses", "Two courses are examined in the same session");
        }
        if (message.contains("UQ_GROUP_PAYMENT_LINE_ENROLLMENT")) {
            return new KaowuException(ErrorCode.ENROLLMENT_LOCKED, "enrollments", "An enrollment of this order is in another group payment order");
        }
        if (message.contains("PK_RECORD_ON_FILE")) {
            return new KaowuException(ErrorCode.VALIDATION_FAILED, "ticketNumber", "This ticket number is already on file in this region");
        }
        return new KaowuException(ErrorCode.CONFLICT_RETRY, "The change collided with a concurrent one; try again");
    }

    /** The message of the innermost unique violation in the failure, upper case ("" if there is none). */
    private static String uniqueViolation(Throwable e) {
        String message = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                message = String.valueOf(sql.getMessage()).toUpperCase(Locale.ROOT);
            }
        }
        return message;
    }

    /** Whether the failure is a unique violation of this constraint (named alike on Derby and PostgreSQL). */
    static boolean violates(Throwable e, String constraint) {
        return uniqueViolation(e).contains(constraint.toUpperCase(Locale.ROOT));
    }

    /** Whether the failure is a unique violation (any constraint). */
    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
