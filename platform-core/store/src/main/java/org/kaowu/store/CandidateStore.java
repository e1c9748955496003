package org.kaowu.store;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.UUID;

import org.kaowu.api.TicketSequence;
import org.kaowu.api.rules.LoginIdentifier;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Transactional storage of candidates. Each method is one transaction: it either completes or leaves
 * nothing behind.
 */
@ProviderType
public interface CandidateStore {
    /**
     * Stores a new candidate and, in the same transaction, the ticket number the issuer returns.
     *
     * @throws org.kaowu.api.KaowuException CANDIDATE_ALREADY_REGISTERED when the ID number is already
     *         registered in that region
     */
    StoredCandidate register(NewCandidate candidate, TicketIssuer issuer);

    Optional<StoredCandidate> findById(String region, UUID id);

    Optional<StoredCandidate> findByIdNumber(String region, String idNumber);

    /**
     * The candidate a login name identifies: ID number, ticket number, e-mail or mobile. Empty when none
     * or more than one candidate matches (an e-mail or mobile shared by several records identifies nobody).
     */
    Optional<StoredCandidate> findByLogin(String region, LoginIdentifier kind, String value);

    /**
     * Reads the candidate, applies {@code change} and writes the result, in one transaction (retried on a
     * concurrent change); the sequence lets the change issue a ticket number in the same transaction.
     *
     * @throws org.kaowu.api.KaowuException CANDIDATE_NOT_FOUND
     */
    StoredCandidate update(String region, UUID id, BiFunction<StoredCandidate, TicketSequence, CandidateChange> change);

    Optional<Photo> photo(UUID candidate);

    List<StoredCandidate> search(String region, CandidateQuery query);

    /** @throws org.kaowu.api.KaowuException CONFLICT_RETRY-free: a ticket number already on file is VALIDATION_FAILED */
    RecordOnFile importRecordOnFile(RecordOnFile record);

    /**
     * Imports many records on file in one transaction, written in JDBC batches: either all of them, or,
     * when any ticket number is already held in the region (by a candidate or an earlier record), none,
     * with the held ones named. Of two concurrent imports holding one number, the primary key of
     * held_ticket lets one through; the other is retried and then names the number as held.
     */
    RecordsImport importRecordsOnFile(List<RecordOnFile> records);

    /** Which of these ticket numbers (by index) are held in the region already, by a candidate or a record on file; writes nothing. */
    List<RecordsImport.Held> heldTickets(String region, List<String> ticketNumbers);

    /**
     * The registered candidate of an ID number (one holder, {@code onFile} false), else its unclaimed records
     * on file by ticket number: names and ticket numbers only, read by the ID number's lookup hash (one
     * indexed query each, no entity, nothing decrypted); the public ticket-number lookup compares the name.
     */
    List<TicketHolder> ticketHolders(String region, String idNumber);

    /** The unclaimed records on file of an ID number. */
    List<RecordOnFile> recordsOnFile(String region, String idNumber);

    /**
     * Creates the candidate with the kept ticket number, claims the records of every ticket number involved
     * and records the merges, in one transaction; fails if any record was claimed meanwhile.
     */
    StoredCandidate registerReturning(ReturningCandidate returning);

    List<TicketMerge> merges(String region, UUID candidate);

    Optional<PriorEducation> priorEducation(UUID candidate);

    /** Stores the prior education, and with it a new proof document when one is given (replacing the old). */
    void savePriorEducation(PriorEducation priorEducation, Optional<Photo> proof);

    /** The uploaded proof (format "pdf" or "jpeg"). */
    Optional<Photo> proof(UUID candidate);

    /** Undoes a merge: the merged ticket number's record is on file again, unclaimed. */
    TicketMerge undoMerge(String region, UUID merge, String by, java.time.Instant at);

    /** The database product behind this store, e.g. "Apache Derby" or "PostgreSQL". */
    String databaseProduct();

    /** One page of an office's work queue, oldest registration first, with the size of the whole queue. */
    CandidateQueue.Page queue(String region, CandidateQueue query);

    /** When each candidate of the region registered from {@code from} (inclusive) to {@code to} (exclusive), with office and unit. */
    List<ActivityTime> registrations(String region, java.time.Instant from, java.time.Instant to);
}
