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
    /** @throws org.kaowu.api.KaowuException STAFF_ALREADY_EXISTS */
    StoredStaff createStaff(StoredStaff staff);

    Optional<StoredStaff> findStaff(String username);

    void audit(AuditEvent event);

    /** The audit trail of a region, newest first; {@code subject} narrows it to one candidate. */
    List<AuditEvent> auditTrail(String region, Optional<String> subject, int limit);

    /** When the login key is locked until, if it is locked at {@code now}. */
    Optional<Instant> lockedUntil(String keyHash, Instant now);

    /**
     * Records a failed login. After {@code free} failures every further one locks the key, for
     * {@code base} doubled per failure beyond {@code free}, at most {@code max}.
     *
     * @return the end of the lock this failure started, if it started one
     */
    Optional<Instant> recordFailure(String keyHash, Instant now, int free, Duration base, Duration max);

    void clearFailures(String keyHash);

    void revokeSession(String tokenId, Instant expiresAt);

    boolean isRevoked(String tokenId);

    void createRecovery(PasswordRecoveryRecord recovery);

    Optional<PasswordRecoveryRecord> findRecovery(UUID id);

    /** Counts a wrong secret; returns the attempts so far. */
    int recordRecoveryAttempt(UUID id);

    /** Marks the recovery used; false if it was used already (single use, also under concurrency). */
    boolean useRecovery(UUID id, Instant now);
}
