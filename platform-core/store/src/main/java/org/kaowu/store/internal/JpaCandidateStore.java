package org.kaowu.store.internal;

import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.KaowuException;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.api.TicketSequence;
import org.kaowu.api.rules.LoginIdentifier;
import org.kaowu.store.CandidateChange;
import org.kaowu.store.CandidateQuery;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.Photo;
import org.kaowu.store.PriorEducation;
import org.kaowu.store.RecordOnFile;
import org.kaowu.store.ReturningCandidate;
import org.kaowu.store.TicketMerge;
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
        return Transactions.inTransaction(emf, work);
    }

    @Override
    public Optional<StoredCandidate> findByLogin(String region, LoginIdentifier kind, String value) {
        String field = switch (kind) {
            case ID_NUMBER -> "idNumber";
            case TICKET_NUMBER -> "ticketNumber";
            case EMAIL -> "email";
            case MOBILE -> "mobile";
        };
        return inTransaction(em -> {
            List<CandidateEntity> found = em.createQuery("SELECT c FROM CandidateEntity c WHERE c.regionCode = :region AND c." + field
                            + " = :value", CandidateEntity.class)
                    .setParameter("region", region)
                    .setParameter("value", value)
                    .setMaxResults(2)
                    .getResultList();
            return found.size() == 1 ? Optional.of(toRecord(found.get(0))) : Optional.empty();
        });
    }

    @Override
    public StoredCandidate update(String region, UUID id, BiFunction<StoredCandidate, TicketSequence, CandidateChange> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction(em -> {
                    CandidateEntity e = em.find(CandidateEntity.class, id.toString(), LockModeType.PESSIMISTIC_WRITE);
                    if (e == null || !e.regionCode.equals(region)) {
                        throw new KaowuException(ErrorCode.CANDIDATE_NOT_FOUND, "No such candidate");
                    }
                    StoredCandidate before = toRecord(e);
                    CandidateChange c = change.apply(before, new JpaTicketSequence(em, region));
                    StoredCandidate next = c.next();
                    if (!next.id().equals(before.id()) || !next.region().equals(region) || !next.idNumber().equals(before.idNumber())) {
                        throw new IllegalArgumentException("An update may not change a candidate's id, region or ID number");
                    }
                    copyMutable(next, e);
                    c.photo().ifPresent(photo -> {
                        CandidatePhotoEntity p = em.find(CandidatePhotoEntity.class, id.toString());
                        if (p == null) {
                            p = new CandidatePhotoEntity();
                            p.candidateId = id.toString();
                            em.persist(p);
                        }
                        p.format = photo.format();
                        p.imageBase64 = Base64.getEncoder().encodeToString(photo.image());
                        p.takenAt = photo.takenAt();
                    });
                    em.flush();
                    return toRecord(e);
                });
            } catch (PersistenceException e) {
                if (attempt >= ATTEMPTS || !isTransient(e)) {
                    if (attempt >= ATTEMPTS) {
                        throw new KaowuException(ErrorCode.CONFLICT_RETRY, "The change collided with concurrent ones; try again");
                    }
                    throw e;
                }
            }
        }
    }

    @Override
    public Optional<Photo> photo(UUID candidate) {
        return inTransaction(em -> Optional.ofNullable(em.find(CandidatePhotoEntity.class, candidate.toString()))
                .map(p -> new Photo(p.format, Base64.getDecoder().decode(p.imageBase64), p.takenAt)));
    }

    @Override
    public List<StoredCandidate> search(String region, CandidateQuery query) {
        StringBuilder jpql = new StringBuilder("SELECT c FROM CandidateEntity c WHERE c.regionCode = :region");
        query.offices().ifPresent(o -> jpql.append(" AND c.officeCode IN :offices"));
        query.assistanceUnit().ifPresent(u -> jpql.append(" AND c.assistanceUnit = :unit"));
        query.text().ifPresent(t -> jpql.append(" AND (c.fullName = :text OR c.idNumber = :text OR c.ticketNumber = :text)"));
        jpql.append(" ORDER BY c.createdAt DESC");
        return inTransaction(em -> {
            var q = em.createQuery(jpql.toString(), CandidateEntity.class).setParameter("region", region);
            query.offices().ifPresent(o -> q.setParameter("offices", List.copyOf(o)));
            query.assistanceUnit().ifPresent(u -> q.setParameter("unit", u));
            query.text().ifPresent(t -> q.setParameter("text", t));
            return q.setMaxResults(Math.max(1, query.limit())).getResultList().stream().map(JpaCandidateStore::toRecord).toList();
        });
    }

    @Override
    public RecordOnFile importRecordOnFile(RecordOnFile r) {
        try {
            return inTransaction(em -> {
                if (em.find(RecordOnFileEntity.class, new RecordOnFileEntity.Key(r.region(), r.ticketNumber())) != null) {
                    throw ticketOnFile();
                }
                RecordOnFileEntity e = new RecordOnFileEntity();
                e.regionCode = r.region();
                e.ticketNumber = r.ticketNumber();
                e.idNumber = r.idNumber();
                e.fullName = r.name();
                e.officeCode = r.officeCode();
                e.importedAt = r.importedAt();
                e.importedBy = r.importedBy();
                em.persist(e);
                em.flush();
                return toRecord(e);
            });
        } catch (PersistenceException e) {
            throw ticketOnFile();
        }
    }

    private static KaowuException ticketOnFile() {
        return new KaowuException(ErrorCode.VALIDATION_FAILED, "ticketNumber", "This ticket number is already on file in this region");
    }

    private static RecordOnFile toRecord(RecordOnFileEntity e) {
        return new RecordOnFile(e.regionCode, e.ticketNumber, e.idNumber, e.fullName, e.officeCode, e.importedAt, e.importedBy,
                Optional.ofNullable(e.claimedBy).map(UUID::fromString));
    }

    @Override
    public List<RecordOnFile> recordsOnFile(String region, String idNumber) {
        return inTransaction(em -> em.createQuery("SELECT r FROM RecordOnFileEntity r WHERE r.regionCode = :region AND r.idNumber = :id "
                        + "AND r.claimedBy IS NULL ORDER BY r.ticketNumber", RecordOnFileEntity.class)
                .setParameter("region", region).setParameter("id", idNumber).getResultList().stream().map(JpaCandidateStore::toRecord).toList());
    }

    @Override
    public StoredCandidate registerReturning(ReturningCandidate returning) {
        NewCandidate c = returning.candidate();
        try {
            return inTransaction(em -> {
                if (findByIdNumber(em, c.region(), c.idNumber()).isPresent()) {
                    throw alreadyRegistered();
                }
                CandidateEntity e = toEntity(c, Optional.of(returning.keptTicket()));
                em.persist(e);
                java.util.List<String> all = new java.util.ArrayList<>(returning.mergedTickets());
                all.add(returning.keptTicket());
                for (String ticket : all) {
                    // Claim only unclaimed records of this ID number: a concurrent claim makes this fail.
                    int claimed = em.createQuery("UPDATE RecordOnFileEntity r SET r.claimedBy = :c WHERE r.regionCode = :region "
                                    + "AND r.ticketNumber = :t AND r.idNumber = :id AND r.claimedBy IS NULL")
                            .setParameter("c", e.id).setParameter("region", c.region()).setParameter("t", ticket)
                            .setParameter("id", c.idNumber()).executeUpdate();
                    if (claimed != 1) {
                        throw new KaowuException(ErrorCode.CONFLICT_RETRY, "A record on file changed meanwhile; try again");
                    }
                }
                for (String merged : returning.mergedTickets()) {
                    TicketMergeEntity m = new TicketMergeEntity();
                    m.id = UUID.randomUUID().toString();
                    m.regionCode = c.region();
                    m.candidateId = e.id;
                    m.keptTicket = returning.keptTicket();
                    m.mergedTicket = merged;
                    m.mergedAt = c.createdAt();
                    em.persist(m);
                }
                em.flush();
                return toRecord(e);
            });
        } catch (PersistenceException e) {
            if (findByIdNumber(c.region(), c.idNumber()).isPresent()) {
                throw alreadyRegistered();
            }
            throw e;
        }
    }

    @Override
    public List<TicketMerge> merges(String region, UUID candidate) {
        return inTransaction(em -> em.createQuery("SELECT m FROM TicketMergeEntity m WHERE m.regionCode = :region AND m.candidateId = :c "
                        + "ORDER BY m.mergedTicket", TicketMergeEntity.class)
                .setParameter("region", region).setParameter("c", candidate.toString()).getResultList().stream()
                .map(JpaCandidateStore::toRecord).toList());
    }

    private static TicketMerge toRecord(TicketMergeEntity m) {
        return new TicketMerge(UUID.fromString(m.id), m.regionCode, UUID.fromString(m.candidateId), m.keptTicket, m.mergedTicket, m.mergedAt,
                Optional.ofNullable(m.undoneAt), Optional.ofNullable(m.undoneBy));
    }

    @Override
    public TicketMerge undoMerge(String region, UUID merge, String by, java.time.Instant at) {
        return inTransaction(em -> {
            TicketMergeEntity m = em.find(TicketMergeEntity.class, merge.toString(), LockModeType.PESSIMISTIC_WRITE);
            if (m == null || !m.regionCode.equals(region)) {
                throw new KaowuException(ErrorCode.CANDIDATE_NOT_FOUND, "No such merge");
            }
            if (m.undoneAt != null) {
                throw new KaowuException(ErrorCode.WRONG_STEP, "This merge was undone already");
            }
            m.undoneAt = at;
            m.undoneBy = by;
            em.createQuery("UPDATE RecordOnFileEntity r SET r.claimedBy = NULL WHERE r.regionCode = :region AND r.ticketNumber = :t")
                    .setParameter("region", region).setParameter("t", m.mergedTicket).executeUpdate();
            em.flush();
            return toRecord(m);
        });
    }

    private static final int CHUNK = 30000;

    @Override
    public Optional<PriorEducation> priorEducation(UUID candidate) {
        return inTransaction(em -> Optional.ofNullable(em.find(PriorEducationEntity.class, candidate.toString()))
                .map(e -> new PriorEducation(UUID.fromString(e.candidateId), e.majorCode, e.diplomaNumber, PriorEducation.Status.valueOf(e.status),
                        Optional.ofNullable(e.reference), Optional.ofNullable(e.reason), e.updatedAt)));
    }

    @Override
    public void savePriorEducation(PriorEducation p, Optional<Photo> proof) {
        inTransaction(em -> {
            PriorEducationEntity e = em.find(PriorEducationEntity.class, p.candidate().toString(), LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                e = new PriorEducationEntity();
                e.candidateId = p.candidate().toString();
                em.persist(e);
            }
            e.majorCode = p.major();
            e.diplomaNumber = p.diplomaNumber();
            e.status = p.status().name();
            e.reference = p.reference().orElse(null);
            e.reason = p.reason().orElse(null);
            e.updatedAt = p.updatedAt();
            proof.ifPresent(doc -> {
                em.createQuery("DELETE FROM EducationProofChunkEntity c WHERE c.candidateId = :c").setParameter("c", p.candidate().toString())
                        .executeUpdate();
                String b64 = Base64.getEncoder().encodeToString(doc.image());
                for (int i = 0, seq = 0; i < b64.length(); i += CHUNK, seq++) {
                    EducationProofChunkEntity c = new EducationProofChunkEntity();
                    c.candidateId = p.candidate().toString();
                    c.seq = seq;
                    c.format = doc.format();
                    c.data = b64.substring(i, Math.min(b64.length(), i + CHUNK));
                    c.uploadedAt = doc.takenAt();
                    em.persist(c);
                }
            });
            em.flush();
            return null;
        });
    }

    @Override
    public Optional<Photo> proof(UUID candidate) {
        return inTransaction(em -> {
            List<EducationProofChunkEntity> chunks = em.createQuery("SELECT c FROM EducationProofChunkEntity c WHERE c.candidateId = :c "
                    + "ORDER BY c.seq", EducationProofChunkEntity.class).setParameter("c", candidate.toString()).getResultList();
            if (chunks.isEmpty()) {
                return Optional.<Photo>empty();
            }
            StringBuilder b64 = new StringBuilder();
            chunks.forEach(c -> b64.append(c.data));
            return Optional.of(new Photo(chunks.get(0).format, Base64.getDecoder().decode(b64.toString()), chunks.get(0).uploadedAt));
        });
    }

    private static void copyMutable(StoredCandidate c, CandidateEntity e) {
        e.fullName = c.name();
        e.mobile = c.mobile();
        e.email = c.email().orElse(null);
        e.passwordHash = c.passwordHash();
        e.status = c.status().name();
        e.ticketNumber = c.ticketNumber().orElse(null);
        e.officeCode = c.officeCode();
        e.nextStep = c.nextStep().orElse(null);
        e.rejectionReason = c.rejectionReason().orElse(null);
        e.securityQuestion = c.securityQuestion().orElse(null);
        e.securityAnswerHash = c.securityAnswerHash().orElse(null);
        e.mobileVerified = c.mobileVerified();
        e.assistanceUnit = c.assistanceUnit().orElse(null);
        e.confirmationMethod = c.confirmationMethod().orElse(null);
        e.confirmedBy = c.confirmedBy().orElse(null);
        e.confirmedAt = c.confirmedAt().orElse(null);
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
        e.nextStep = c.nextStep().orElse(null);
        e.securityQuestion = c.securityQuestion().orElse(null);
        e.securityAnswerHash = c.securityAnswerHash().orElse(null);
        e.assistanceUnit = c.assistanceUnit().orElse(null);
        e.examLanguage = c.examLanguage().orElse(null);
        return e;
    }

    private static StoredCandidate toRecord(CandidateEntity e) {
        return new StoredCandidate(UUID.fromString(e.id), e.regionCode, e.fullName,
                IdentityDocumentType.valueOf(e.idType), e.idNumber, e.mobile, Optional.ofNullable(e.email),
                e.passwordHash, RegistrationStatus.valueOf(e.status), Optional.ofNullable(e.ticketNumber),
                e.officeCode, e.decidedByBundle, e.decidedByVersion, e.createdAt, Optional.ofNullable(e.nextStep),
                Optional.ofNullable(e.rejectionReason), Optional.ofNullable(e.securityQuestion), Optional.ofNullable(e.securityAnswerHash),
                e.mobileVerified, Optional.ofNullable(e.assistanceUnit), Optional.ofNullable(e.confirmationMethod),
                Optional.ofNullable(e.confirmedBy), Optional.ofNullable(e.confirmedAt), Optional.ofNullable(e.examLanguage));
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
