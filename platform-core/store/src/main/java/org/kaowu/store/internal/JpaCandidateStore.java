package org.kaowu.store.internal;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

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
import org.kaowu.store.RecordsImport;
import org.kaowu.store.ReturningCandidate;
import org.kaowu.store.TicketMerge;
import org.kaowu.store.NewCandidate;
import org.kaowu.store.StoredCandidate;
import org.kaowu.store.TicketIssuer;

/**
 * {@link CandidateStore} over a resource-local JPA persistence unit. Each call is one transaction (or joins
 * the thread's, see {@link Transactions}); transient conflicts (deadlock, serialization failure, a counter
 * or ticket number drawn twice) are retried a few times, then reported as {@link ErrorCode#CONFLICT_RETRY}.
 * ID and mobile numbers are stored encrypted and found by their keyed hashes ({@link PersonalData}); e-mail
 * and mobile login names have a table with a unique key, so two registrations at once cannot share one.
 */
public final class JpaCandidateStore implements CandidateStore {
    /** How many numbers already held (kept by returning candidates, on file) a ticket draw skips at most. */
    private static final int MAX_SKIPPED_TICKETS = 10_000;

    private final Transactions tx;
    private final String databaseProduct;
    private final PersonalData data;

    public JpaCandidateStore(Transactions tx, String databaseProduct, PersonalData data) {
        this.tx = tx;
        this.databaseProduct = databaseProduct;
        this.data = data;
    }

    @Override
    public StoredCandidate register(NewCandidate candidate, TicketIssuer issuer) {
        // The database decides: the unique keys of the ID number and of the login names make the second of
        // two concurrent registrations fail (Transactions maps that to the conflict's own code); the reads
        // first only give the sequential case its field.
        return tx.retried(em -> {
            if (findByIdNumber(em, candidate.region(), candidate.idNumber()).isPresent()) {
                throw alreadyRegistered();
            }
            CandidateEntity e = toEntity(candidate, Optional.empty());
            e.loginKinds = candidate.loginNames().stream().filter(k -> k == LoginIdentifier.EMAIL || k == LoginIdentifier.MOBILE)
                    .map(Enum::name).sorted().collect(java.util.stream.Collectors.joining(","));
            claimLoginNames(em, e, Optional.empty(), toRecord(e));
            e.ticketNumber = freeTicket(em, candidate.region(), () -> issuer.issue(new JpaTicketSequence(em, candidate.region()))).orElse(null);
            hold(em, candidate.region(), Optional.ofNullable(e.ticketNumber));
            em.persist(e);
            em.flush();
            return toRecord(e);
        });
    }

    /** Draws ticket numbers until one that nobody holds (a returning candidate may keep one the sequence reaches). */
    private static Optional<String> freeTicket(EntityManager em, String region, java.util.function.Supplier<Optional<String>> draw) {
        for (int i = 0; i < MAX_SKIPPED_TICKETS; i++) {
            Optional<String> ticket = draw.get();
            if (ticket.isEmpty() || !ticketHeld(em, region, ticket.get())) {
                return ticket;
            }
        }
        throw new KaowuException(ErrorCode.CONFLICT_RETRY, "No free ticket number in this office's sequence");
    }

    private static boolean ticketHeld(EntityManager em, String region, String ticket) {
        return em.find(HeldTicketEntity.class, new RecordOnFileEntity.Key(region, ticket)) != null;
    }

    /**
     * Holds a ticket number in the region: the primary key of held_ticket lets one of two concurrent holders
     * through (the other's transaction is retried and draws, or is told, again).
     */
    private static void hold(EntityManager em, String region, Optional<String> ticket) {
        ticket.ifPresent(t -> {
            HeldTicketEntity h = new HeldTicketEntity();
            h.regionCode = region;
            h.ticketNumber = t;
            em.persist(h);
        });
    }

    /**
     * Makes the candidate's e-mail and mobile (where they are login names) rows of login_name, replacing the
     * rows of values that changed. A name another candidate holds is LOGIN_NAME_TAKEN with its field; of
     * two concurrent claims the primary key lets one through.
     */
    private void claimLoginNames(EntityManager em, CandidateEntity e, Optional<StoredCandidate> before, StoredCandidate next) {
        if (e.loginKinds == null || e.loginKinds.isBlank()) {
            return;
        }
        for (String kind : e.loginKinds.split(",")) {
            Optional<String> was = before.flatMap(b -> loginValue(b, kind));
            Optional<String> now = loginValue(next, kind);
            if (was.equals(now)) {
                continue;
            }
            was.ifPresent(v -> em.createQuery("DELETE FROM LoginNameEntity n WHERE n.regionCode = :r AND n.valueMac = :m AND n.candidateId = :c")
                    .setParameter("r", e.regionCode).setParameter("m", v).setParameter("c", e.id).executeUpdate());
            if (now.isPresent()) {
                LoginNameEntity held = em.find(LoginNameEntity.class, new LoginNameEntity.Key(e.regionCode, now.get()));
                if (held != null && !held.candidateId.equals(e.id)) {
                    String field = kind.equals("EMAIL") ? "email" : "mobile";
                    throw new KaowuException(ErrorCode.LOGIN_NAME_TAKEN, field, "This " + (kind.equals("EMAIL") ? "e-mail address" : "mobile number")
                            + " is a login name of another candidate");
                }
                if (held == null) {
                    LoginNameEntity n = new LoginNameEntity();
                    n.regionCode = e.regionCode;
                    n.valueMac = now.get();
                    n.kind = kind;
                    n.candidateId = e.id;
                    em.persist(n);
                }
            }
        }
    }

    /** The keyed hash of the candidate's login name of this kind. */
    private Optional<String> loginValue(StoredCandidate c, String kind) {
        return kind.equals("EMAIL") ? c.email().filter(m -> !m.isBlank()).map(m -> data.lookup(Columns.EMAIL, m.strip().toLowerCase(java.util.Locale.ROOT)))
                : Optional.ofNullable(c.mobile()).filter(m -> !m.isBlank()).map(m -> data.lookup(Columns.MOBILE, m));
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
        return inTransaction(em -> findByIdNumber(em, region, idNumber).map(this::toRecord));
    }

    @Override
    public String databaseProduct() {
        return databaseProduct;
    }

    private Optional<CandidateEntity> findByIdNumber(EntityManager em, String region, String idNumber) {
        List<CandidateEntity> found = em.createQuery(
                        "SELECT c FROM CandidateEntity c WHERE c.regionCode = :region AND c.idNumberMac = :mac",
                        CandidateEntity.class)
                .setParameter("region", region)
                .setParameter("mac", data.lookup(Columns.ID, idNumber))
                .getResultList();
        return found.stream().findFirst();
    }

    private <T> T inTransaction(Function<EntityManager, T> work) {
        return tx.inTransaction(work);
    }

    @Override
    public Optional<StoredCandidate> findByLogin(String region, LoginIdentifier kind, String value) {
        return inTransaction(em -> {
            if (kind == LoginIdentifier.ID_NUMBER) {
                return findByIdNumber(em, region, value).map(this::toRecord);
            }
            if (kind != LoginIdentifier.TICKET_NUMBER) {
                // A login name: its row says whose it is.
                String mac = kind == LoginIdentifier.EMAIL ? data.lookup(Columns.EMAIL, value.strip().toLowerCase(java.util.Locale.ROOT))
                        : data.lookup(Columns.MOBILE, value);
                LoginNameEntity n = em.find(LoginNameEntity.class, new LoginNameEntity.Key(region, mac));
                if (n != null) {
                    return Optional.ofNullable(em.find(CandidateEntity.class, n.candidateId)).map(this::toRecord);
                }
            }
            // Not a login name of the region's flow: the value identifies a candidate only if exactly one holds it.
            String jpql = switch (kind) {
                case TICKET_NUMBER -> "SELECT c FROM CandidateEntity c WHERE c.regionCode = :region AND c.ticketNumber = :value";
                case EMAIL -> "SELECT c FROM CandidateEntity c WHERE c.regionCode = :region AND c.email = :value";
                default -> "SELECT c FROM CandidateEntity c WHERE c.regionCode = :region AND c.mobileMac = :value";
            };
            List<CandidateEntity> found = em.createQuery(jpql, CandidateEntity.class)
                    .setParameter("region", region)
                    .setParameter("value", kind == LoginIdentifier.MOBILE ? data.lookup(Columns.MOBILE, value) : value)
                    .setMaxResults(2)
                    .getResultList();
            return found.size() == 1 ? Optional.of(toRecord(found.get(0))) : Optional.empty();
        });
    }

    @Override
    public StoredCandidate update(String region, UUID id, BiFunction<StoredCandidate, TicketSequence, CandidateChange> change) {
        return tx.retried(em -> {
                    CandidateEntity e = em.find(CandidateEntity.class, id.toString(), LockModeType.PESSIMISTIC_WRITE);
                    if (e == null || !e.regionCode.equals(region)) {
                        throw new KaowuException(ErrorCode.CANDIDATE_NOT_FOUND, "No such candidate");
                    }
                    StoredCandidate before = toRecord(e);
                    JpaTicketSequence sequence = new JpaTicketSequence(em, region);
                    CandidateChange[] applied = new CandidateChange[1];
                    // A ticket issued now must be one nobody holds: draw again (the change is a function) until it is.
                    freeTicket(em, region, () -> {
                        applied[0] = change.apply(before, sequence);
                        Optional<String> ticket = applied[0].next().ticketNumber();
                        return ticket.equals(before.ticketNumber()) ? Optional.empty() : ticket;
                    });
                    CandidateChange c = applied[0];
                    StoredCandidate next = c.next();
                    if (!next.ticketNumber().equals(before.ticketNumber())) {
                        hold(em, region, next.ticketNumber());
                    }
                    if (!next.id().equals(before.id()) || !next.region().equals(region)) {
                        throw new IllegalArgumentException("An update may not change a candidate's id or region");
                    }
                    if (!next.idNumber().equals(before.idNumber()) || next.idType() != before.idType()) {
                        // A corrected ID number: its keyed hash keeps it unique in the region (UQ_CANDIDATE_ID_MAC).
                        if (!next.idNumber().equals(before.idNumber()) && findByIdNumber(em, region, next.idNumber()).isPresent()) {
                            throw alreadyRegistered();
                        }
                        e.idType = next.idType().name();
                        e.idNumberEnc = data.encrypt(Columns.CANDIDATE_ID_NUMBER, next.idNumber());
                        e.idNumberMac = data.lookup(Columns.ID, next.idNumber());
                    }
                    claimLoginNames(em, e, Optional.of(before), next);
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
        query.text().ifPresent(t -> jpql.append(" AND (c.fullName = :text OR c.idNumberMac = :idMac OR c.ticketNumber = :text)"));
        jpql.append(" ORDER BY c.createdAt DESC");
        return inTransaction(em -> {
            var q = em.createQuery(jpql.toString(), CandidateEntity.class).setParameter("region", region);
            query.offices().ifPresent(o -> q.setParameter("offices", List.copyOf(o)));
            query.assistanceUnit().ifPresent(u -> q.setParameter("unit", u));
            query.text().ifPresent(t -> q.setParameter("text", t).setParameter("idMac", data.lookup(Columns.ID, t.toUpperCase(java.util.Locale.ROOT))));
            return q.setMaxResults(Math.max(1, query.limit())).getResultList().stream().map(this::toRecord).toList();
        });
    }

    @Override
    public RecordOnFile importRecordOnFile(RecordOnFile r) {
            return tx.retried(em -> {
                if (em.find(RecordOnFileEntity.class, new RecordOnFileEntity.Key(r.region(), r.ticketNumber())) != null) {
                    throw ticketOnFile();
                }
                if (ticketHeld(em, r.region(), r.ticketNumber())) {
                    throw new KaowuException(ErrorCode.VALIDATION_FAILED, "ticketNumber", "A candidate of this region holds this ticket number");
                }
                hold(em, r.region(), Optional.of(r.ticketNumber()));
                RecordOnFileEntity e = new RecordOnFileEntity();
                e.regionCode = r.region();
                e.ticketNumber = r.ticketNumber();
                e.idNumberEnc = data.encrypt(Columns.RECORD_ID_NUMBER, r.idNumber());
                e.idNumberMac = data.lookup(Columns.ID, r.idNumber());
                e.fullName = r.name();
                e.officeCode = r.officeCode();
                e.importedAt = r.importedAt();
                e.importedBy = r.importedBy();
                em.persist(e);
                em.flush();
                return toRecord(e);
            });
    }

    /** Rows per JDBC batch, and ticket numbers per IN list of the held check. */
    private static final int BATCH = 500;

    @Override
    public RecordsImport importRecordsOnFile(List<RecordOnFile> records) {
        if (records.isEmpty()) {
            return new RecordsImport(0, List.of());
        }
        String region = records.get(0).region();
        if (records.stream().anyMatch(r -> !r.region().equals(region))) {
            throw new IllegalArgumentException("One import is of one region");
        }
        // Encrypted before the transaction: it is the slow part, and needs no lock.
        List<String[]> rows = new java.util.ArrayList<>(records.size());
        for (RecordOnFile r : records) {
            rows.add(new String[] {r.ticketNumber(), data.encrypt(Columns.RECORD_ID_NUMBER, r.idNumber()), data.lookup(Columns.ID, r.idNumber())});
        }
        // Written in ticket-number order: two imports that overlap take their row locks in the same order.
        Integer[] order = new Integer[records.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparing(i -> records.get(i).ticketNumber()));
        // The first attempt writes straight away (callers check first, and the primary key of held_ticket decides
        // anyway); an attempt after a collision looks the numbers up and names those held.
        int[] attempt = {0};
        return tx.retried(em -> {
            if (attempt[0]++ > 0) {
                List<RecordsImport.Held> held = heldAmong(em, region, records.stream().map(RecordOnFile::ticketNumber).toList());
                if (!held.isEmpty()) {
                    return new RecordsImport(0, held);
                }
            }
            java.sql.Connection c = em.unwrap(java.sql.Connection.class);
            try (java.sql.PreparedStatement hold = c.prepareStatement("INSERT INTO held_ticket (region_code, ticket_number) VALUES (?, ?)");
                 java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO record_on_file (region_code, ticket_number, id_number_enc, "
                         + "id_number_mac, full_name, office_code, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                int pending = 0;
                for (int i : order) {
                    RecordOnFile r = records.get(i);
                    hold.setString(1, region);
                    hold.setString(2, r.ticketNumber());
                    hold.addBatch();
                    insert.setString(1, region);
                    insert.setString(2, r.ticketNumber());
                    insert.setString(3, rows.get(i)[1]);
                    insert.setString(4, rows.get(i)[2]);
                    insert.setString(5, r.name());
                    insert.setString(6, r.officeCode());
                    insert.setTimestamp(7, java.sql.Timestamp.valueOf(java.time.LocalDateTime.ofInstant(r.importedAt(), java.time.ZoneOffset.UTC)));
                    insert.setString(8, r.importedBy());
                    insert.addBatch();
                    if (++pending == BATCH) {
                        hold.executeBatch();
                        insert.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    hold.executeBatch();
                    insert.executeBatch();
                }
            } catch (java.sql.SQLException e) {
                // A number another import or registration held meanwhile: PK_HELD_TICKET, retried (and then named as held).
                throw new jakarta.persistence.PersistenceException("Import of records on file failed", unbatched(e));
            }
            return new RecordsImport(records.size(), List.of());
        });
    }

    @Override
    public List<RecordsImport.Held> heldTickets(String region, List<String> ticketNumbers) {
        return inTransaction(em -> heldAmong(em, region, ticketNumbers));
    }

    /** A batch failure's cause: PostgreSQL puts the constraint in the next exception, Derby in the batch exception itself. */
    private static java.sql.SQLException unbatched(java.sql.SQLException e) {
        if (e instanceof java.sql.BatchUpdateException && e.getNextException() != null) {
            java.sql.SQLException next = e.getNextException();
            next.addSuppressed(e);
            return next;
        }
        return e;
    }

    /**
     * The numbers among these held in the region already (by index), and whether by a record on file. One
     * primary-key lookup per distinct number: an IN list over the key's second column makes Derby scan the
     * table once per list, which is slow with a large table.
     */
    private static List<RecordsImport.Held> heldAmong(EntityManager em, String region, List<String> numbers) {
        java.util.Map<String, List<Integer>> byTicket = new java.util.LinkedHashMap<>();
        for (int i = 0; i < numbers.size(); i++) {
            byTicket.computeIfAbsent(numbers.get(i), t -> new java.util.ArrayList<>()).add(i);
        }
        List<RecordsImport.Held> out = new java.util.ArrayList<>();
        java.sql.Connection c = em.unwrap(java.sql.Connection.class);
        try (java.sql.PreparedStatement q = c.prepareStatement("SELECT r.ticket_number FROM held_ticket h LEFT JOIN record_on_file r "
                + "ON r.region_code = h.region_code AND r.ticket_number = h.ticket_number WHERE h.region_code = ? AND h.ticket_number = ?")) {
            q.setString(1, region);
            for (var e : byTicket.entrySet()) {
                q.setString(2, e.getKey());
                try (java.sql.ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        boolean onFile = rs.getString(1) != null;
                        e.getValue().forEach(i -> out.add(new RecordsImport.Held(i, e.getKey(), onFile)));
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new jakarta.persistence.PersistenceException("Looking up held ticket numbers failed", e);
        }
        out.sort(java.util.Comparator.comparingInt(RecordsImport.Held::index));
        return out;
    }

    private static KaowuException ticketOnFile() {
        return new KaowuException(ErrorCode.VALIDATION_FAILED, "ticketNumber", "This ticket number is already on file in this region");
    }

    private RecordOnFile toRecord(RecordOnFileEntity e) {
        return new RecordOnFile(e.regionCode, e.ticketNumber, data.decrypt(Columns.RECORD_ID_NUMBER, e.idNumberEnc), e.fullName, e.officeCode, e.importedAt, e.importedBy,
                Optional.ofNullable(e.claimedBy).map(UUID::fromString));
    }

    @Override
    public List<org.kaowu.store.TicketHolder> ticketHolders(String region, String idNumber) {
        String mac = data.lookup(Columns.ID, idNumber);
        return tx.read(c -> {
            try (java.sql.PreparedStatement candidate = c.prepareStatement(
                    "SELECT full_name, ticket_number FROM candidate WHERE region_code = ? AND id_number_mac = ?")) {
                candidate.setString(1, region);
                candidate.setString(2, mac);
                try (java.sql.ResultSet r = candidate.executeQuery()) {
                    if (r.next()) {
                        return List.of(new org.kaowu.store.TicketHolder(r.getString(1), Optional.ofNullable(r.getString(2)), false));
                    }
                }
                List<org.kaowu.store.TicketHolder> onFile = new java.util.ArrayList<>();
                try (java.sql.PreparedStatement records = c.prepareStatement("SELECT full_name, ticket_number FROM record_on_file "
                        + "WHERE region_code = ? AND id_number_mac = ? AND claimed_by IS NULL ORDER BY ticket_number")) {
                    records.setString(1, region);
                    records.setString(2, mac);
                    try (java.sql.ResultSet r = records.executeQuery()) {
                        while (r.next()) {
                            onFile.add(new org.kaowu.store.TicketHolder(r.getString(1), Optional.of(r.getString(2)), true));
                        }
                    }
                }
                return List.copyOf(onFile);
            }
        });
    }

    @Override
    public List<RecordOnFile> recordsOnFile(String region, String idNumber) {
        return inTransaction(em -> em.createQuery("SELECT r FROM RecordOnFileEntity r WHERE r.regionCode = :region AND r.idNumberMac = :id "
                        + "AND r.claimedBy IS NULL ORDER BY r.ticketNumber", RecordOnFileEntity.class)
                .setParameter("region", region).setParameter("id", data.lookup(Columns.ID, idNumber)).getResultList().stream()
                .map(this::toRecord).toList());
    }

    @Override
    public StoredCandidate registerReturning(ReturningCandidate returning) {
        NewCandidate c = returning.candidate();
            return tx.retried(em -> {
                if (findByIdNumber(em, c.region(), c.idNumber()).isPresent()) {
                    throw alreadyRegistered();
                }
                CandidateEntity e = toEntity(c, Optional.of(returning.keptTicket()));
                e.loginKinds = c.loginNames().stream().filter(k -> k == LoginIdentifier.EMAIL || k == LoginIdentifier.MOBILE)
                        .map(Enum::name).sorted().collect(java.util.stream.Collectors.joining(","));
                claimLoginNames(em, e, Optional.empty(), toRecord(e));
                em.persist(e);
                java.util.List<String> all = new java.util.ArrayList<>(returning.mergedTickets());
                all.add(returning.keptTicket());
                for (String ticket : all) {
                    // Claim only unclaimed records of this ID number: a concurrent claim makes this fail.
                    int claimed = em.createQuery("UPDATE RecordOnFileEntity r SET r.claimedBy = :c WHERE r.regionCode = :region "
                                    + "AND r.ticketNumber = :t AND r.idNumberMac = :id AND r.claimedBy IS NULL")
                            .setParameter("c", e.id).setParameter("region", c.region()).setParameter("t", ticket)
                            .setParameter("id", e.idNumberMac).executeUpdate();
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
        return tx.retried(em -> {
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
        tx.retried(em -> {
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

    private void copyMutable(StoredCandidate c, CandidateEntity e) {
        e.fullName = c.name();
        if (!c.mobile().equals(data.decrypt(Columns.CANDIDATE_MOBILE, e.mobileEnc))) {
            e.mobileEnc = data.encrypt(Columns.CANDIDATE_MOBILE, c.mobile());
            e.mobileMac = data.lookup(Columns.MOBILE, c.mobile());
        }
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
        e.ticketIssuedBy = c.ticketIssuedBy().orElse(null);
    }

    private static KaowuException alreadyRegistered() {
        return new KaowuException(ErrorCode.CANDIDATE_ALREADY_REGISTERED, "idNumber",
                "This identity document number is already registered in this region");
    }

    private CandidateEntity toEntity(NewCandidate c, Optional<String> ticket) {
        CandidateEntity e = new CandidateEntity();
        e.id = UUID.randomUUID().toString();
        e.regionCode = c.region();
        e.fullName = c.name();
        e.idType = c.idType().name();
        e.idNumberEnc = data.encrypt(Columns.CANDIDATE_ID_NUMBER, c.idNumber());
        e.idNumberMac = data.lookup(Columns.ID, c.idNumber());
        e.mobileEnc = data.encrypt(Columns.CANDIDATE_MOBILE, c.mobile());
        e.mobileMac = data.lookup(Columns.MOBILE, c.mobile());
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

    private StoredCandidate toRecord(CandidateEntity e) {
        return new StoredCandidate(UUID.fromString(e.id), e.regionCode, e.fullName,
                IdentityDocumentType.valueOf(e.idType), data.decrypt(Columns.CANDIDATE_ID_NUMBER, e.idNumberEnc),
                data.decrypt(Columns.CANDIDATE_MOBILE, e.mobileEnc), Optional.ofNullable(e.email),
                e.passwordHash, RegistrationStatus.valueOf(e.status), Optional.ofNullable(e.ticketNumber),
                e.officeCode, e.decidedByBundle, e.decidedByVersion, e.createdAt, Optional.ofNullable(e.nextStep),
                Optional.ofNullable(e.rejectionReason), Optional.ofNullable(e.securityQuestion), Optional.ofNullable(e.securityAnswerHash),
                e.mobileVerified, Optional.ofNullable(e.assistanceUnit), Optional.ofNullable(e.confirmationMethod),
                Optional.ofNullable(e.confirmedBy), Optional.ofNullable(e.confirmedAt), Optional.ofNullable(e.examLanguage),
                Optional.ofNullable(e.ticketIssuedBy));
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

    @Override
    public org.kaowu.store.CandidateQueue.Page queue(String region, org.kaowu.store.CandidateQueue query) {
        StringBuilder where = new StringBuilder(" FROM CandidateEntity c WHERE c.regionCode = :region");
        query.offices().ifPresent(o -> where.append(" AND c.officeCode IN :offices"));
        query.assistanceUnit().ifPresent(u -> where.append(" AND c.assistanceUnit = :unit"));
        query.office().ifPresent(o -> where.append(" AND c.officeCode = :office"));
        query.nextSteps().ifPresent(s -> where.append(" AND c.nextStep IN :steps"));
        query.priorEducationStatus().ifPresent(s -> where.append(
                " AND EXISTS (SELECT p FROM PriorEducationEntity p WHERE p.candidateId = c.id AND p.status = :peStatus)"));
        if (query.openMerges()) {
            where.append(" AND EXISTS (SELECT m FROM TicketMergeEntity m WHERE m.candidateId = c.id AND m.undoneAt IS NULL)");
        }
        query.text().ifPresent(t -> where.append(" AND (c.fullName = :text OR c.idNumberMac = :idMac OR c.ticketNumber = :text)"));
        return inTransaction(em -> {
            var count = em.createQuery("SELECT COUNT(c)" + where, Long.class);
            var page = em.createQuery("SELECT c" + where + " ORDER BY c.createdAt, c.id", CandidateEntity.class);
            for (jakarta.persistence.TypedQuery<?> q : List.of(count, page)) {
                q.setParameter("region", region);
                query.offices().ifPresent(o -> q.setParameter("offices", List.copyOf(o.isEmpty() ? java.util.Set.of("") : o)));
                query.assistanceUnit().ifPresent(u -> q.setParameter("unit", u));
                query.office().ifPresent(o -> q.setParameter("office", o));
                query.nextSteps().ifPresent(s -> q.setParameter("steps", List.copyOf(s.isEmpty() ? java.util.Set.of("") : s)));
                query.priorEducationStatus().ifPresent(s -> q.setParameter("peStatus", s));
                query.text().ifPresent(t -> q.setParameter("text", t).setParameter("idMac", data.lookup(Columns.ID, t.toUpperCase(java.util.Locale.ROOT))));
            }
            long total = count.getSingleResult();
            List<StoredCandidate> found = page.setFirstResult(Math.max(0, query.offset())).setMaxResults(Math.max(1, query.limit()))
                    .getResultList().stream().map(this::toRecord).toList();
            return new org.kaowu.store.CandidateQueue.Page(found, total);
        });
    }

    @Override
    public List<org.kaowu.store.ActivityTime> registrations(String region, Instant from, Instant to) {
        return inTransaction(em -> em.createQuery("SELECT c.createdAt, c.officeCode, c.assistanceUnit FROM CandidateEntity c "
                + "WHERE c.regionCode = :region AND c.createdAt >= :from AND c.createdAt < :to ORDER BY c.createdAt", Object[].class)
                .setParameter("region", region).setParameter("from", from).setParameter("to", to).getResultList().stream()
                .map(r -> new org.kaowu.store.ActivityTime((Instant) r[0], (String) r[1], Optional.ofNullable((String) r[2]))).toList());
    }
}
