package org.kaowu.api;

import java.time.Duration;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's one throttle, on real time (never the movable business clock): request budgets per client
 * address, ID number, candidate or target (token buckets, per node, in memory), and attempts at secrets
 * (passwords, security answers) reserved in the database before they are checked, so that a lock holds for
 * fifty attempts started at once and on every node.
 */
@ProviderType
public interface Throttle {
    /** What a request budget limits; each has its own bucket per key, so one cannot exhaust another. */
    enum Budget {
        /** Ticket-number and score lookups per client address. */
        LOOKUP_PER_ADDRESS,
        /** Ticket-number lookups per ID number. */
        LOOKUP_PER_ID_NUMBER,
        /** Password recoveries started or completed per client address. */
        RECOVERY_PER_ADDRESS,
        /** Password recoveries per ID number (its own: lookups of a number never block its owner's recovery). */
        RECOVERY_PER_ID_NUMBER,
        /** Login requests per client address (candidates, staff, the console). */
        LOGIN_PER_ADDRESS,
        /** Registrations per client address (a refusal tells whether an ID number or e-mail is known). */
        REGISTRATION_PER_ADDRESS,
        /** Mobile-binding codes a candidate may ask for. */
        BINDING_PER_CANDIDATE,
        /** Codes sent to one mobile number. */
        BINDING_PER_TARGET
    }

    /** Takes one request of the budget for the key; empty when it may go ahead, else how long to wait. */
    Optional<Duration> take(Budget budget, String key);

    /**
     * {@link #take}, throwing RATE_LIMITED with the wait (Retry-After) when the budget is spent.
     *
     * @throws KaowuException RATE_LIMITED
     */
    default void require(Budget budget, String key) {
        take(budget, key).ifPresent(wait -> {
            throw new KaowuException(ErrorCode.RATE_LIMITED, null, "Too many requests; try again later", wait);
        });
    }

    /**
     * Reserves one attempt at a secret of {@code scope} (e.g. "candidate", "staff", "console") for {@code key}
     * (a login name, a client address) before the secret is checked. Every attempt counts until
     * {@link #succeeded}; the fifth locks the key for 30 s, doubling per further attempt up to 15 minutes.
     *
     * @throws KaowuException LOCKED_OUT (with Retry-After) while the key is locked
     */
    void reserveAttempt(String scope, String key);

    /** The secret was right: the key's attempts and lock are cleared. */
    void succeeded(String scope, String key);

    /** The client's address: the peer, or the last X-Forwarded-For hop when the peer is a trusted proxy. */
    String client(String peer, String forwardedFor);
}
