package org.kaowu.api;

import java.util.Optional;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registration of candidates and the public "find my ticket number" lookup.
 * Every method throws {@link KaowuException} with a stable code on a domain failure and stores
 * nothing in that case.
 */
@ProviderType
public interface CandidateRegistry {
    RegisteredCandidate register(String region, CandidateRegistration registration);

    Optional<RegisteredCandidate> find(String region, UUID id);

    /**
     * A returning candidate takes up their records on file, in the region's returning flow.
     *
     * @throws KaowuException NOT_ON_FILE, TICKET_CHOICE_REQUIRED, NOT_OFFERED (the region has no returning flow or does not merge)
     */
    RegisteredCandidate registerReturning(String region, ReturningRegistration registration);

    /**
     * @return the ticket number of the candidate with that name and ID number; empty for any kind of
     *         mismatch, so callers cannot tell which part was wrong
     */
    Optional<String> lookupTicketNumber(String region, String name, String idNumber, String client);

    /**
     * Every ticket number of that name and ID number: the candidate's, or, before the candidate has taken
     * up their records, the unclaimed records on file (several when the earlier system gave several);
     * empty for any kind of mismatch.
     */
    default java.util.List<String> lookupTicketNumbers(String region, String name, String idNumber, String client) {
        return lookupTicketNumber(region, name, idNumber, client).stream().toList();
    }

    /**
     * {@link #lookupTicketNumbers(String, String, String, String)} guarded by a human check of purpose LOOKUP
     * ({@link HumanChecks}): the answer is checked before the read and spent once, in the commit that makes the
     * lookup's audit entry durable (shared with other lookups), before anything is answered.
     *
     * @throws KaowuException HUMAN_CHECK_FAILED when the answer is missing, wrong, expired, for another region or
     *         purpose, or spent before (also by a concurrent request on any node)
     */
    java.util.List<String> lookupTicketNumbers(String region, String name, String idNumber, String client, Optional<String> humanCheck);
}
