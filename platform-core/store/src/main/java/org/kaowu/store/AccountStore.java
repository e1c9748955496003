package org.kaowu.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Staff accounts, the audit trail, login throttling, revoked sessions and password recoveries, in the
 * platform's database so that every node of a deployment sees the same state. Each method is one
 * transaction.
 */
@ProviderType
public interface AccountStore {
    /**
     * Runs work in one transaction: every store call inside it (candidates and accounts: one database)
     * joins it, so a decision and its audit row commit together; a transient conflict retries the whole.
     */
    <T> T atomically(java.util.function.Supplier<T> work);

    /** @throws org.kaowu.api.KaowuException STAFF_ALREADY_EXISTS */
    StoredStaff createStaff(StoredStaff staff);

    Optional<StoredStaff> findStaff(String username);

    void audit(AuditEvent event);

    /**
     * Writes an audit event that belongs to no decision (a read, such as a ticket-number lookup) together
     * with those of other requests: one writer commits whatever events have arrived in one transaction,
     * so many requests share one commit (group commit). Returns once the event's transaction committed:
     * the entry is durable before the caller answers. Inside the thread's transaction ({@link #atomically})
     * it is written in that transaction instead, like {@link #audit}.
     */
    void auditShared(AuditEvent event);

    /**
     * {@link #auditShared}, spending a human-check answer ({@link #spendHumanCheck}'s id and expiry) in the
     * same shared commit: the answer's row goes in first, by a statement that inserts nothing when the id is
     * there already (the primary key decides, also between concurrent requests on several nodes), and the
     * event is written only when this call spent it. A read guarded by a human check thus costs a share of
     * one commit, and its audit entry is durable before the caller answers.
     *
     * @return true when this call spent the answer (the event is committed); false when it was spent before
     *         (nothing of this call is written: refuse the request)
     */
    boolean auditSharedSpending(String humanCheckId, Instant expiresAt, AuditEvent event);

    /** The audit trail of a region, newest first; {@code subject} narrows it to one candidate. */
    List<AuditEvent> auditTrail(String region, Optional<String> subject, int limit);

    /**
     * A page of the audit trail matching the query, newest first, and how many entries match: one region's, or
     * without a region every region's and the platform's own (events without a region).
     */
    AuditQuery.Page searchAudit(AuditQuery query);

    /**
     * Reserves one attempt at a secret (a password) for the key before it is checked, by a conditional
     * update, so that of any number of attempts started at once only those within the limit are checked.
     * Every reserved attempt counts as failed until {@link #clearFailures} (a success) clears the key; the
     * attempt that brings the count to {@code free} or beyond locks the key at once, for {@code base}
     * doubled per attempt beyond {@code free}, at most {@code max}. {@code now} is real time.
     *
     * @return the reservation, or the refusal while the key is locked
     */
    AttemptReservation reserveAttempt(String keyHash, Instant now, int free, Duration base, Duration max);

    /** What {@link #reserveAttempt} gave: go ahead (and whether this attempt started a lock), or locked until. */
    record AttemptReservation(boolean reserved, Optional<Instant> lockedUntil) {
    }

    void clearFailures(String keyHash);

    void revokeSession(String tokenId, Instant expiresAt);

    /**
     * Whether a token is over: logged out, or issued before its subject's sessions were ended
     * ({@link #endSessions}) and not the one kept then.
     */
    boolean isRevoked(String tokenId, java.util.UUID subject, Instant issuedAt);

    /** Ends every session of the subject issued before {@code notBefore}, but {@code keptToken}'s. */
    void endSessions(java.util.UUID subject, Instant notBefore, Optional<String> keptToken);

    /** Deletes revoked sessions, attempt counters and recoveries that no longer matter at {@code now}; returns the rows deleted. */
    int purgeExpired(Instant now);

    void createRecovery(PasswordRecoveryRecord recovery);

    /**
     * Spends a human-check challenge: true for the first call with {@code id}, false for every later one
     * (the primary key decides, so of concurrent calls on any node exactly one is true). The row is kept
     * until {@code expiresAt} has passed ({@link #purgeExpired}).
     */
    boolean spendHumanCheck(String id, Instant expiresAt);

    /** Adds a notice for a candidate; joins the thread's transaction ({@link #atomically}) so it commits with the decision. */
    void addNotice(CandidateNoticeRecord notice);

    /** The candidate's notices, newest first. */
    List<CandidateNoticeRecord> notices(UUID candidate, int limit);

    Optional<PasswordRecoveryRecord> findRecovery(UUID id);

    /**
     * Reserves one attempt at the recovery's secret before it is compared (a conditional update): false
     * when it is used, expired at {@code now} (real time) or out of attempts, also under concurrency.
     */
    boolean reserveRecoveryAttempt(UUID id, Instant now, int maxAttempts);

    /** Marks the recovery used; false if it was used already (single use, also under concurrency). */
    boolean useRecovery(UUID id, Instant now);

    /** The staff accounts of a region, by username (platform administrators have no region and are not listed). */
    List<StoredStaff> staffOf(String region);

    /** When the account was disabled, if it is. A disabled account cannot log in. */
    Optional<Instant> staffDisabledAt(UUID staff);

    /** Disables the account at {@code at}; false when it was disabled already (a conditional update). */
    boolean disableStaff(UUID staff, Instant at);

    /** Replaces the account's password hash. */
    void changeStaffPassword(UUID staff, String passwordHash);
}
