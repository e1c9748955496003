package org.kaowu.store.internal;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.KaowuException;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.api.TicketSequence;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.NewCandidate;
import org.kaowu.store.StoredCandidate;
import org.kaowu.store.TicketIssuer;

/**
 * {@link CandidateStore} over a resource-local JPA persistence unit. Each call is one transaction;
 * transient conflicts (deadlock, serialization failure, a concurrent insert of the same counter) are
 * retried a few times, then reported as {@link ErrorCode#CONFLICT_RETRY}.
 */
public final class JpaCandidateStore implements CandidateStore {
    private static final int ATTEMPTS = 5;

    private final EntityManagerFactory emf;
    private final String databaseProduct;

    public JpaCandidateStore(EntityManagerFactory emf, String databaseProduct) {
        this.emf = emf;
        this.databaseProduct = databaseProduct;
    }

    @Override
    public StoredCandidate register(NewCandidate candidate, TicketIssuer issuer) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction(em -> {
                    if (findByIdNumber(em, candidate.region(), candidate.idNumber()).isPresent()) {
                        throw alreadyRegistered();
                    }
                    Optional<String> ticket = issuer.issue(new JpaTicketSequence(em, candidate.region()));
                    CandidateEntity e = toEntity(candidate, ticket);
                    em.persist(e);
                    em.flush();
                    return toRecord(e);
                });
            } catch (PersistenceException e) {
                // A unique constraint may have fired because another transaction registered the same
                // ID number first: that is a duplicate, not a fault.
                if (findByIdNumber(candidate.region(), candidate.idNumber()).isPresent()) {
                    throw alreadyRegistered();
                }
                if (attempt >= ATTEMPTS || !isTransient(e)) {
                    if (attempt >= ATTEMPTS) {
                        throw new KaowuException(ErrorCode.CONFLICT_RETRY, "The registration collided with concurrent ones; try again");
                    }
                    throw e;
                }
            }
        }
    }

    @Override
    public Optional<StoredCandidate> findById(String region, UUID id) {
        return inTransaction(em -> {
            CandidateEntity e = em.find(CandidateEntity.class, id.toString());
            return e == null || !e.regionCode.equals(region) ? Optional.empty() : Optional.of(toRecord(e));
        });
    }

    @Override
    public Optional<StoredCandidate> findByIdNumber(String region, String idNumber) {
        return inTransaction(em -> findByIdNumber(em, region, idNumber).map(JpaCandidateStore::toRecord));
    }

    @Override
    public String databaseProduct() {
        return databaseProduct;
    }

    private static Optional<CandidateEntity> findByIdNumber(EntityManager em, String region, String idNumber) {
        List<CandidateEntity> found = em.createQuery(
                        "SELECT c FROM CandidateEntity c WHERE c.regionCode = :region AND c.idNumber = :idNumber",
                        CandidateEntity.class)
                .setParameter("region", region)
                .setParameter("idNumber", idNumber)
                .getResultList();
        return found.stream().findFirst();
    }

    private <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    private static KaowuException alreadyRegistered() {
        return new KaowuException(ErrorCode.CANDIDATE_ALREADY_REGISTERED, "idNumber",
                "This identity document number is already registered in this region");
    }

    /** Deadlock, lock timeout, serialization failure or unique violation on a counter row. */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("40") || state.equals("23505") || state.equals("23503")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static CandidateEntity toEntity(NewCandidate c, Optional<String> ticket) {
        CandidateEntity e = new CandidateEntity();
        e.id = UUID.randomUUID().toString();
        e.regionCode = c.region();
        e.fullName = c.name();
        e.idType = c.idType().name();
        e.idNumber = c.idNumber();
        e.mobile = c.mobile();
        e.email = c.email().orElse(null);
        e.passwordHash = c.passwordHash();
        e.status = c.status().name();
        e.ticketNumber = ticket.orElse(null);
        e.officeCode = c.officeCode();
        e.decidedByBundle = c.decidedByBundle();
        e.decidedByVersion = c.decidedByVersion();
        e.createdAt = c.createdAt();
        return e;
    }

    private static StoredCandidate toRecord(CandidateEntity e) {
        return new StoredCandidate(UUID.fromString(e.id), e.regionCode, e.fullName,
                IdentityDocumentType.valueOf(e.idType), e.idNumber, e.mobile, Optional.ofNullable(e.email),
                e.passwordHash, RegistrationStatus.valueOf(e.status), Optional.ofNullable(e.ticketNumber),
                e.officeCode, e.decidedByBundle, e.decidedByVersion, e.createdAt);
    }

    /** Counters in table ticket_sequence, advanced inside the caller's transaction. */
    private static final class JpaTicketSequence implements TicketSequence {
        private final EntityManager em;
        private final String region;

        JpaTicketSequence(EntityManager em, String region) {
            this.em = em;
            this.region = region;
        }

        @Override
        public long next(String scope) {
            // The UPDATE takes the row lock first, so concurrent registrations in one scope queue here
            // instead of reading the same value.
            int updated = em.createQuery("UPDATE TicketSequenceEntity s SET s.lastValue = s.lastValue + 1 "
                            + "WHERE s.regionCode = :region AND s.scope = :scope")
                    .setParameter("region", region)
                    .setParameter("scope", scope)
                    .executeUpdate();
            if (updated == 0) {
                TicketSequenceEntity s = new TicketSequenceEntity();
                s.regionCode = region;
                s.scope = scope;
                s.lastValue = 1;
                em.persist(s);
                em.flush();
                return 1;
            }
            return em.createQuery("SELECT s.lastValue FROM TicketSequenceEntity s "
                            + "WHERE s.regionCode = :region AND s.scope = :scope", Long.class)
                    .setParameter("region", region)
                    .setParameter("scope", scope)
                    .getSingleResult();
        }
    }
}
