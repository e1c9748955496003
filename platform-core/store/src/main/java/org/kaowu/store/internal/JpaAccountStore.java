package org.kaowu.store.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.StaffRole;
import org.kaowu.store.AccountStore;
import org.kaowu.store.AuditEvent;
import org.kaowu.store.AuditQuery;
import org.kaowu.store.PasswordRecoveryRecord;
import org.kaowu.store.StoredStaff;

/** {@link AccountStore} over the same resource-local persistence unit (and thread transactions) as the candidates. */
public final class JpaAccountStore implements AccountStore {
    private static final int RESERVE_ATTEMPTS = 50;

    private final Transactions transactions;
    private final PersonalData data;
    /** Started at the first shared audit entry. */
    private volatile GroupCommitAudit sharedAudit;

    public JpaAccountStore(Transactions transactions, PersonalData data) {
        this.transactions = transactions;
        this.data = data;
    }

    private <T> T tx(Function<EntityManager, T> work) {
        return transactions.inTransaction(work);
    }

    /** Retries work that lost a race on a lock (two first failures of one login, say). */
    private <T> T retried(Function<EntityManager, T> work) {
        return transactions.retried(work);
    }

    @Override
    public <T> T atomically(java.util.function.Supplier<T> work) {
        return transactions.retried(em -> work.get());
    }

    @Override
    public StoredStaff createStaff(StoredStaff staff) {
            return retried(em -> {
                if (find(em, staff.username()).isPresent()) {
                    throw exists();
                }
                StaffEntity e = new StaffEntity();
                e.id = staff.id().toString();
                e.username = staff.username();
                e.passwordHash = staff.passwordHash();
                e.role = staff.role().name();
                e.regionCode = staff.region().orElse(null);
                e.officeCode = staff.office().orElse(null);
                e.createdAt = staff.createdAt();
                em.persist(e);
                em.flush();
                return toRecord(e);
            });
    }

    private static KaowuException exists() {
        return new KaowuException(ErrorCode.STAFF_ALREADY_EXISTS, "username", "A staff account with this username exists");
    }

    @Override
    public Optional<StoredStaff> findStaff(String username) {
        return tx(em -> find(em, username).map(JpaAccountStore::toRecord));
    }

    private static Optional<StaffEntity> find(EntityManager em, String username) {
        return em.createQuery("SELECT s FROM StaffEntity s WHERE s.username = :u", StaffEntity.class)
                .setParameter("u", username).getResultList().stream().findFirst();
    }

    private static StoredStaff toRecord(StaffEntity e) {
        return new StoredStaff(UUID.fromString(e.id), e.username, e.passwordHash, StaffRole.valueOf(e.role),
                Optional.ofNullable(e.regionCode), Optional.ofNullable(e.officeCode), e.createdAt);
    }

    @Override
    public void audit(AuditEvent event) {
        tx(em -> {
            em.persist(entity(event));
            return null;
        });
    }

    @Override
    public void auditShared(AuditEvent event) {
        sharedAudit().write(event);
    }

    @Override
    public boolean auditSharedSpending(String humanCheckId, Instant expiresAt, AuditEvent event) {
        return sharedAudit().write(event, Optional.of(new GroupCommitAudit.Spend(humanCheckId, expiresAt)));
    }

    private GroupCommitAudit sharedAudit() {
        GroupCommitAudit a = sharedAudit;
        if (a == null) {
            synchronized (this) {
                if (sharedAudit == null) {
                    sharedAudit = new GroupCommitAudit(transactions);
                }
                a = sharedAudit;
            }
        }
        return a;
    }

    /** Stops the writer of shared audit entries (the store is stopping). */
    void close() {
        GroupCommitAudit a;
        synchronized (this) {
            a = sharedAudit;
        }
        if (a != null) {
            a.close();
        }
    }

    /** The shared writer's commits so far (tests). */
    long sharedAuditCommits() {
        return sharedAudit().batches();
    }

    /** The row of an audit event (also written by {@link GroupCommitAudit}). */
    static AuditEventEntity entity(AuditEvent event) {
        AuditEventEntity e = new AuditEventEntity();
        e.id = UUID.randomUUID().toString();
        e.occurredAt = event.at();
        e.actor = truncate(event.actor(), 100);
        e.action = truncate(event.action(), 64);
        e.regionCode = event.region().orElse(null);
        e.subject = event.subject().map(s -> truncate(s, 64)).orElse(null);
        e.outcome = truncate(event.outcome(), 16);
        e.detail = event.detail().map(d -> truncate(d, 500)).orElse(null);
        return e;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public List<AuditEvent> auditTrail(String region, Optional<String> subject, int limit) {
        return tx(em -> {
            var q = em.createQuery("SELECT a FROM AuditEventEntity a WHERE a.regionCode = :region"
                    + (subject.isPresent() ? " AND a.subject = :subject" : "") + " ORDER BY a.occurredAt DESC", AuditEventEntity.class)
                    .setParameter("region", region);
            subject.ifPresent(s -> q.setParameter("subject", s));
            return q.setMaxResults(limit).getResultList().stream()
                    .map(JpaAccountStore::event)
                    .toList();
        });
    }

    private static AuditEvent event(AuditEventEntity a) {
        return new AuditEvent(a.occurredAt, a.actor, a.action, Optional.ofNullable(a.regionCode), Optional.ofNullable(a.subject), a.outcome,
                Optional.ofNullable(a.detail));
    }

    @Override
    public AuditQuery.Page searchAudit(AuditQuery query) {
        StringBuilder where = new StringBuilder(" FROM AuditEventEntity a WHERE 1 = 1");
        query.region().ifPresent(x -> where.append(" AND a.regionCode = :region"));
        query.actor().ifPresent(x -> where.append(" AND a.actor = :actor"));
        query.subject().ifPresent(x -> where.append(" AND a.subject = :subject"));
        query.action().ifPresent(x -> where.append(" AND a.action = :action"));
        query.from().ifPresent(x -> where.append(" AND a.occurredAt >= :from"));
        query.to().ifPresent(x -> where.append(" AND a.occurredAt < :to"));
        return tx(em -> {
            var count = em.createQuery("SELECT COUNT(a)" + where, Long.class);
            var page = em.createQuery("SELECT a" + where + " ORDER BY a.occurredAt DESC, a.id", AuditEventEntity.class);
            for (jakarta.persistence.TypedQuery<?> q : List.of(count, page)) {
                query.region().ifPresent(x -> q.setParameter("region", x));
                query.actor().ifPresent(x -> q.setParameter("actor", x));
                query.subject().ifPresent(x -> q.setParameter("subject", x));
                query.action().ifPresent(x -> q.setParameter("action", x));
                query.from().ifPresent(x -> q.setParameter("from", x));
                query.to().ifPresent(x -> q.setParameter("to", x));
            }
            long total = count.getSingleResult();
            List<AuditEvent> events = page.setFirstResult(query.offset()).setMaxResults(query.limit()).getResultList().stream()
                    .map(JpaAccountStore::event)
                    .toList();
            return new AuditQuery.Page(events, total);
        });
    }

    @Override
    public AttemptReservation reserveAttempt(String keyHash, Instant now, int free, Duration base, Duration max) {
        // Compare-and-set on the attempt count: the UPDATE changes the row only if nobody counted an attempt
        // since it was read and it is not locked, so concurrent attempts queue on the row and each sees the
        // count (and the lock) of those before it. Runs in its own transaction: the count must stay even when
        // the caller's work fails.
        for (int i = 0; i < RESERVE_ATTEMPTS; i++) {
            Optional<AttemptReservation> done = transactions.outside(em -> {
                LoginThrottleEntity t = em.find(LoginThrottleEntity.class, keyHash);
                if (t == null) {
                    try {
                        LoginThrottleEntity n = new LoginThrottleEntity();
                        n.keyHash = keyHash;
                        n.failures = 1;
                        n.lastFailure = now;
                        n.lockedUntil = lockAfter(1, now, free, base, max);
                        em.persist(n);
                        em.flush();
                        return Optional.of(new AttemptReservation(true, Optional.ofNullable(n.lockedUntil)));
                    } catch (PersistenceException raced) {
                        em.getTransaction().setRollbackOnly();
                        return Optional.<AttemptReservation>empty();
                    }
                }
                if (t.lockedUntil != null && t.lockedUntil.isAfter(now)) {
                    return Optional.of(new AttemptReservation(false, Optional.of(t.lockedUntil)));
                }
                int next = t.failures + 1;
                Instant lock = lockAfter(next, now, free, base, max);
                // (no null parameter: PostgreSQL would take it for text)
                var update = em.createQuery("UPDATE LoginThrottleEntity t SET t.failures = :next, t.lastFailure = :now, t.lockedUntil = "
                                + (lock == null ? "NULL" : ":lock") + " WHERE t.keyHash = :k AND t.failures = :seen")
                        .setParameter("next", next).setParameter("now", now)
                        .setParameter("k", keyHash).setParameter("seen", t.failures);
                if (lock != null) {
                    update.setParameter("lock", lock);
                }
                int changed = update.executeUpdate();
                return changed == 1 ? Optional.of(new AttemptReservation(true, Optional.ofNullable(lock))) : Optional.<AttemptReservation>empty();
            });
            if (done.isPresent()) {
                return done.get();
            }
        }
        throw new org.kaowu.api.KaowuException(ErrorCode.CONFLICT_RETRY, "Too many attempts at once; try again");
    }

    /** The lock the {@code attempt}-th counted attempt starts: none before {@code free}, then base doubled per attempt beyond, at most max. */
    private static Instant lockAfter(int attempt, Instant now, int free, Duration base, Duration max) {
        if (attempt < free) {
            return null;
        }
        Duration d = base.multipliedBy(1L << Math.min(attempt - free, 20));
        return now.plus(d.compareTo(max) > 0 ? max : d);
    }

    @Override
    public void clearFailures(String keyHash) {
        tx(em -> em.createQuery("DELETE FROM LoginThrottleEntity t WHERE t.keyHash = :k").setParameter("k", keyHash).executeUpdate());
    }

    @Override
    public void revokeSession(String tokenId, Instant expiresAt) {
        retried(em -> {
            if (em.find(RevokedSessionEntity.class, tokenId) == null) {
                RevokedSessionEntity r = new RevokedSessionEntity();
                r.tokenId = tokenId;
                r.expiresAt = expiresAt;
                em.persist(r);
            }
            return null;
        });
    }

    @Override
    public boolean isRevoked(String tokenId, UUID subject, Instant issuedAt) {
        return tx(em -> {
            if (em.find(RevokedSessionEntity.class, tokenId) != null) {
                return true;
            }
            SessionEpochEntity epoch = em.find(SessionEpochEntity.class, subject.toString());
            return epoch != null && issuedAt.isBefore(epoch.notBefore) && !tokenId.equals(epoch.keptToken);
        });
    }

    @Override
    public void endSessions(UUID subject, Instant notBefore, Optional<String> keptToken) {
        retried(em -> {
            SessionEpochEntity e = em.find(SessionEpochEntity.class, subject.toString(), LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                e = new SessionEpochEntity();
                e.subject = subject.toString();
                em.persist(e);
            }
            e.notBefore = notBefore;
            e.keptToken = keptToken.orElse(null);
            return null;
        });
    }

    @Override
    public int purgeExpired(Instant now) {
        return tx(em -> em.createQuery("DELETE FROM RevokedSessionEntity r WHERE r.expiresAt < :now").setParameter("now", now).executeUpdate()
                // a counter idle for a day, and not locked, holds nothing worth keeping
                + em.createQuery("DELETE FROM LoginThrottleEntity t WHERE t.lastFailure < :idle AND (t.lockedUntil IS NULL OR t.lockedUntil < :now)")
                        .setParameter("idle", now.minus(Duration.ofDays(1))).setParameter("now", now).executeUpdate()
                + em.createQuery("DELETE FROM PasswordRecoveryEntity r WHERE r.expiresAt < :old")
                        .setParameter("old", now.minus(Duration.ofDays(1))).executeUpdate()
                + em.createNativeQuery("DELETE FROM human_check_spent WHERE expires_at < ?").setParameter(1, utc(now)).executeUpdate());
    }

    private static java.sql.Timestamp utc(Instant at) {
        return java.sql.Timestamp.valueOf(java.time.LocalDateTime.ofInstant(at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                java.time.ZoneOffset.UTC));
    }

    private static Instant instant(Object t) {
        if (t instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime().toInstant(java.time.ZoneOffset.UTC);
        }
        if (t instanceof java.time.LocalDateTime l) {
            return l.toInstant(java.time.ZoneOffset.UTC);
        }
        return Instant.parse(t.toString());
    }

    @Override
    public boolean spendHumanCheck(String id, Instant expiresAt) {
        // A reuse after the fact is refused without provoking the database (whose refusal EclipseLink logs in full);
        // the primary key still decides between concurrent first uses.
        if (transactions.outside(em -> !em.createNativeQuery("SELECT id FROM human_check_spent WHERE id = ?").setParameter(1, id)
                .getResultList().isEmpty())) {
            return false;
        }
        try {
            // A transaction of its own: a spent challenge stays spent whatever the request does next.
            transactions.outside(em -> em.createNativeQuery("INSERT INTO human_check_spent (id, expires_at) VALUES (?, ?)")
                    .setParameter(1, id).setParameter(2, utc(expiresAt)).executeUpdate());
            return true;
        } catch (PersistenceException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                    return false;
                }
            }
            throw e;
        }
    }

    @Override
    public void addNotice(org.kaowu.store.CandidateNoticeRecord n) {
        retried(em -> em.createNativeQuery("INSERT INTO candidate_notice (id, region_code, candidate_id, kind, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .setParameter(1, n.id().toString()).setParameter(2, n.region()).setParameter(3, n.candidate().toString())
                .setParameter(4, truncate(n.kind(), 32)).setParameter(5, n.detail().map(d -> truncate(d, 500)).orElse(null))
                .setParameter(6, utc(n.at())).executeUpdate());
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<org.kaowu.store.CandidateNoticeRecord> notices(UUID candidate, int limit) {
        return tx(em -> ((List<Object[]>) em.createNativeQuery("SELECT id, region_code, candidate_id, kind, detail, created_at FROM candidate_notice"
                + " WHERE candidate_id = ? ORDER BY created_at DESC, id").setParameter(1, candidate.toString()).setMaxResults(limit).getResultList())
                .stream().map(r -> new org.kaowu.store.CandidateNoticeRecord(UUID.fromString(String.valueOf(r[0]).trim()), (String) r[1],
                        UUID.fromString(String.valueOf(r[2]).trim()), (String) r[3], Optional.ofNullable((String) r[4]), instant(r[5])))
                .toList());
    }

    @Override
    public void createRecovery(PasswordRecoveryRecord r) {
        tx(em -> {
            PasswordRecoveryEntity e = new PasswordRecoveryEntity();
            e.id = r.id().toString();
            e.candidateId = r.candidate().toString();
            e.channel = r.channel();
            e.secretHash = r.secretHash();
            e.expiresAt = r.expiresAt();
            e.usedAt = r.usedAt().orElse(null);
            e.attempts = r.attempts();
            e.targetEnc = r.target().map(t -> data.encrypt(Columns.RECOVERY_TARGET, t)).orElse(null);
            em.persist(e);
            return null;
        });
    }

    @Override
    public Optional<PasswordRecoveryRecord> findRecovery(UUID id) {
        return tx(em -> Optional.ofNullable(em.find(PasswordRecoveryEntity.class, id.toString()))
                .map(e -> new PasswordRecoveryRecord(UUID.fromString(e.id), UUID.fromString(e.candidateId), e.channel, e.secretHash,
                        e.expiresAt, Optional.ofNullable(e.usedAt), e.attempts,
                        Optional.ofNullable(e.targetEnc).map(t -> data.decrypt(Columns.RECOVERY_TARGET, t)))));
    }

    @Override
    public boolean reserveRecoveryAttempt(UUID id, Instant now, int maxAttempts) {
        // A conditional update in its own transaction: counted before the secret is compared, so fifty guesses
        // at once get at most maxAttempts comparisons, and the count stays whatever the caller does next.
        return transactions.outside(em -> em.createQuery("UPDATE PasswordRecoveryEntity r SET r.attempts = r.attempts + 1 WHERE r.id = :id "
                        + "AND r.usedAt IS NULL AND r.expiresAt > :now AND r.attempts < :max")
                .setParameter("id", id.toString()).setParameter("now", now).setParameter("max", maxAttempts).executeUpdate() == 1);
    }

    @Override
    public boolean useRecovery(UUID id, Instant now) {
        // A conditional update: of two concurrent uses, exactly one changes the row.
        return retried(em -> em.createQuery("UPDATE PasswordRecoveryEntity r SET r.usedAt = :now WHERE r.id = :id AND r.usedAt IS NULL")
                .setParameter("now", now).setParameter("id", id.toString()).executeUpdate() == 1);
    }

    @Override
    public List<StoredStaff> staffOf(String region) {
        return tx(em -> em.createQuery("SELECT s FROM StaffEntity s WHERE s.regionCode = :r ORDER BY s.username", StaffEntity.class)
                .setParameter("r", region).getResultList().stream().map(JpaAccountStore::toRecord).toList());
    }

    @Override
    public Optional<Instant> staffDisabledAt(UUID staff) {
        return tx(em -> Optional.ofNullable(em.find(StaffEntity.class, staff.toString())).map(s -> s.disabledAt));
    }

    @Override
    public boolean disableStaff(UUID staff, Instant at) {
        return retried(em -> em.createQuery("UPDATE StaffEntity s SET s.disabledAt = :at, s.rowVersion = s.rowVersion + 1 "
                + "WHERE s.id = :id AND s.disabledAt IS NULL").setParameter("at", at).setParameter("id", staff.toString()).executeUpdate() == 1);
    }

    @Override
    public void changeStaffPassword(UUID staff, String passwordHash) {
        retried(em -> {
            int changed = em.createQuery("UPDATE StaffEntity s SET s.passwordHash = :h, s.rowVersion = s.rowVersion + 1 WHERE s.id = :id")
                    .setParameter("h", passwordHash).setParameter("id", staff.toString()).executeUpdate();
            if (changed != 1) {
                throw new IllegalStateException("No staff account " + staff);
            }
            return null;
        });
    }
}
