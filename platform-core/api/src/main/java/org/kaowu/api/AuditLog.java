package org.kaowu.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's audit trail (审计日志) as the administration console sees it: searched across every region
 * by actor, candidate, action, region and time, and written to by the console's own actions (a deploy, a
 * rollback, a configuration change), so that what an administrator did is on record like what staff did.
 * Callers are trusted platform code (the console checks its administrator first); the entries hold no
 * unmasked ID number or password.
 */
@ProviderType
public interface AuditLog {
    /**
     * Records an action of the platform's administration, at the platform clock's time.
     *
     * @param actor   who, e.g. {@code console:admin}
     * @param region  the region it concerns, empty for the platform as a whole
     * @param outcome DONE, REFUSED, FAILED, ...
     */
    void record(String actor, String action, Optional<String> region, Optional<String> subject, String outcome, Optional<String> detail);

    /** The entries matching every given criterion, newest first, at most {@code search.limit()}. */
    List<Entry> search(Search search);

    /** One audit entry; {@code region} is empty for the platform's own actions. */
    record Entry(Instant at, String actor, String action, Optional<String> region, Optional<String> subject, String outcome,
            Optional<String> detail) {
    }

    /**
     * What to look for: actor, subject (a candidate id), action and region match exactly; the time range is
     * {@code from} inclusive to {@code to} exclusive; empty criteria match everything.
     */
    record Search(Optional<String> actor, Optional<String> subject, Optional<String> action, Optional<String> region,
            Optional<Instant> from, Optional<Instant> to, int limit) {
        public Search {
            if (limit < 1 || limit > 10_000) {
                throw new IllegalArgumentException("limit must be 1 to 10000");
            }
        }
    }
}
