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
import org.kaowu.store.PasswordRecoveryRecord;
import org.kaowu.store.StoredStaff;

/** {@link AccountStore} over the same resource-local persistence unit as the candidates. */
public final class JpaAccountStore implements AccountStore {
    private static final int ATTEMPTS = 5;

    private final EntityManagerFactory emf;

    public JpaAccountStore(EntityManagerFactory emf) {
        this.emf = emf;
    }

    private <T> T tx(Function<EntityManager, T> work) {
        return Transactions.inTransaction(emf, work);
    }

    /** Retries work that lost a race on a unique key or a lock (two first failures of one login, say). */
    private <T> T retried(Function<EntityManager, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx(work);
            } catch (PersistenceException e) {
                if (attempt >= ATTEMPTS || !JpaCandidateStore.isTransient(e)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public StoredStaff createStaff(StoredStaff staff) {
        try {
            return tx(em -> {
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
        } catch (PersistenceException e) {
            if (findStaff(staff.username()).isPresent()) {
                throw exists();
            }
            throw e;
        }
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
            AuditEventEntity e = new AuditEventEntity();
            e.id = UUID.randomUUID().toString();
            e.occurredAt = event.at();
            e.actor = truncate(event.actor(), 100);
            e.action = truncate(event.action(), 64);
            e.regionCode = event.region().orElse(null);
            e.subject = event.subject().map(s -> truncate(s, 64)).orElse(null);
            e.outcome = truncate(event.outcome(), 16);
            e.detail = event.detail().map(d -> truncate(d, 500)).orElse(null);
            em.persist(e);
            return null;
        });
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
                    .map(a -> new AuditEvent(a.occurredAt, a.actor, a.action, Optional.ofNullable(a.regionCode), Optional.ofNullable(a.subject),
                            a.outcome, Optional.ofNullable(a.detail)))
                    .toList();
        });
    }

    @Override
    public Optional<Instant> lockedUntil(String keyHash, Instant now) {
        return tx(em -> Optional.ofNullable(em.find(LoginThrottleEntity.class, keyHash))
                .map(t -> t.lockedUntil).filter(until -> until.isAfter(now)));
    }

    @Override
    public Optional<Instant> recordFailure(String keyHash, Instant now, int free, Duration base, Duration max) {
        return retried(em -> {
            LoginThrottleEntity t = em.find(LoginThrottleEntity.class, keyHash, LockModeType.PESSIMISTIC_WRITE);
            if (t == null) {
                t = new LoginThrottleEntity();
                t.keyHash = keyHash;
                t.failures = 0;
                em.persist(t);
            }
            t.failures++;
            t.lastFailure = now;
            Optional<Instant> lock = Optional.empty();
            if (t.failures > free) {
                int doublings = Math.min(t.failures - free - 1, 20);
                Duration d = base.multipliedBy(1L << doublings);
                if (d.compareTo(max) > 0) {
                    d = max;
                }
                t.lockedUntil = now.plus(d);
                lock = Optional.of(t.lockedUntil);
            }
            em.flush();
            return lock;
        });
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
    public boolean isRevoked(String tokenId) {
        return tx(em -> em.find(RevokedSessionEntity.class, tokenId) != null);
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
            em.persist(e);
            return null;
        });
    }

    @Override
    public Optional<PasswordRecoveryRecord> findRecovery(UUID id) {
        return tx(em -> Optional.ofNullable(em.find(PasswordRecoveryEntity.class, id.toString()))
                .map(e -> new PasswordRecoveryRecord(UUID.fromString(e.id), UUID.fromString(e.candidateId), e.channel, e.secretHash,
                        e.expiresAt, Optional.ofNullable(e.usedAt), e.attempts)));
    }

    @Override
    public int recordRecoveryAttempt(UUID id) {
        return retried(em -> {
            PasswordRecoveryEntity e = em.find(PasswordRecoveryEntity.class, id.toString(), LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                return Integer.MAX_VALUE;
            }
            e.attempts++;
            return e.attempts;
        });
    }

    @Override
    public boolean useRecovery(UUID id, Instant now) {
        // A conditional update: of two concurrent uses, exactly one changes the row.
        return retried(em -> em.createQuery("UPDATE PasswordRecoveryEntity r SET r.usedAt = :now WHERE r.id = :id AND r.usedAt IS NULL")
                .setParameter("now", now).setParameter("id", id.toString()).executeUpdate() == 1);
    }
}
