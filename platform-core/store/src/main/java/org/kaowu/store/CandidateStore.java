package org.kaowu.store;

import java.util.Optional;
import java.util.UUID;

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

    /** The database product behind this store, e.g. "Apache Derby" or "PostgreSQL". */
    String databaseProduct();
}
