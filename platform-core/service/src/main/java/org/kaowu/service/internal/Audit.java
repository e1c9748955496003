package org.kaowu.service.internal;

import java.time.Clock;
import java.util.Optional;

import org.kaowu.store.AccountStore;
import org.kaowu.store.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes audit events with the platform clock's time; each is also logged (details hold masked data only). */
final class Audit {
    private static final Logger LOG = LoggerFactory.getLogger("org.kaowu.audit");

    private final AccountStore accounts;
    private final Clock clock;

    Audit(AccountStore accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    void record(String actor, String action, String region, Optional<String> subject, String outcome, Optional<String> detail) {
        accounts.audit(new AuditEvent(clock.instant(), actor, action, Optional.ofNullable(region), subject, outcome, detail));
        LOG.info("{} {} {} {} {}{}", actor, action, region, subject.orElse("-"), outcome, detail.map(d -> " (" + d + ")").orElse(""));
    }

    /**
     * An audit event of a read that decides nothing (a ticket-number lookup): committed together with other
     * requests' such events (group commit), durable when this returns. Decisions use {@link #record}, in their own transaction.
     */
    void recordRead(String actor, String action, String region, Optional<String> subject, String outcome, Optional<String> detail) {
        accounts.auditShared(new AuditEvent(clock.instant(), actor, action, Optional.ofNullable(region), subject, outcome, detail));
        LOG.info("{} {} {} {} {}{}", actor, action, region, subject.orElse("-"), outcome, detail.map(d -> " (" + d + ")").orElse(""));
    }

    /**
     * {@link #recordRead} of a read guarded by a human check, spending its answer in the same shared commit:
     * false (nothing written) when the answer was spent before.
     */
    boolean recordReadSpending(String humanCheckId, java.time.Instant expiresAt, String actor, String action, String region,
            Optional<String> subject, String outcome, Optional<String> detail) {
        if (!accounts.auditSharedSpending(humanCheckId, expiresAt,
                new AuditEvent(clock.instant(), actor, action, Optional.ofNullable(region), subject, outcome, detail))) {
            return false;
        }
        LOG.info("{} {} {} {} {}{}", actor, action, region, subject.orElse("-"), outcome, detail.map(d -> " (" + d + ")").orElse(""));
        return true;
    }
}
