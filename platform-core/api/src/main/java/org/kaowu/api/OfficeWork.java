package org.kaowu.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The office desk's lists (工作台): the work queues inside a staff member's scope with their counts and
 * pages, a candidate's history, the province office's audit trail searched and paged, the staff accounts an
 * account manages (disable, new password), and the registrations and enrollments per day of a sitting's
 * enrollment window. The same role and scope checks as {@link OfficeDesk}; refusals are FORBIDDEN and
 * audited, and so is every read of a history or of the audit trail.
 */
@ProviderType
public interface OfficeWork {
    /** What waits for an office. */
    enum Queue {
        /** Registrations awaiting the office's approval (审核). */
        REVIEW,
        /** Candidates whose next step is an identity confirmation (现场确认). */
        CONFIRMATION,
        /** Proofs of prior education awaiting review. */
        PROOF,
        /** Candidates with a merge of ticket numbers not undone. */
        MERGE
    }

    /** Narrows a queue: to one office of the scope, to a candidate by name, ID number or ticket number (exactly). */
    record QueueFilter(Optional<String> office, Optional<String> text) {
    }

    /** One page of a queue; {@code total} is the size of the whole (filtered) queue. ID numbers are the full ones: the REST layer masks them. */
    record QueuePage(Queue queue, long total, int offset, int limit, List<CandidateView> candidates) {
        public QueuePage {
            candidates = List.copyOf(candidates);
        }
    }

    /** How many candidates wait in each queue of the staff member's scope. */
    Map<Queue, Long> queueCounts(String token, String region);

    /** @throws KaowuException FORBIDDEN outside the account's region or for a platform administrator, VALIDATION_FAILED for a bad page */
    QueuePage queue(String token, String region, Queue queue, QueueFilter filter, int offset, int limit);

    /** The audit trail of one candidate in the staff member's scope, newest first (the read itself is audited). */
    List<AuditEntry> history(String token, String region, UUID candidate);

    /** Each given criterion narrows the search; {@code from} inclusive, {@code to} exclusive. */
    record AuditFilter(Optional<String> actor, Optional<String> candidate, Optional<String> action, Optional<Instant> from, Optional<Instant> to) {
    }

    record AuditPage(long total, int offset, int limit, List<AuditEntry> entries) {
        public AuditPage {
            entries = List.copyOf(entries);
        }
    }

    /** @throws KaowuException FORBIDDEN unless the region's province office or a platform administrator */
    AuditPage searchAudit(String token, String region, AuditFilter filter, int offset, int limit);

    /** A staff account as its manager sees it. */
    record StaffAccount(String username, StaffRole role, Optional<String> region, Optional<String> office, Instant createdAt,
            Optional<Instant> disabledAt) {
    }

    /**
     * The accounts the staff member manages in the region: all of them for a platform administrator, the
     * city, county and assistance-unit accounts for the province office, the accounts of its counties for a
     * city office.
     *
     * @throws KaowuException FORBIDDEN for any other account
     */
    List<StaffAccount> staff(String token, String region);

    /** Disables an account the staff member manages: it cannot log in, and its sessions end. Audited. */
    StaffAccount disableStaff(String token, String region, String username);

    /**
     * Gives an account the staff member manages a new password, generated, shown this once, to hand over;
     * the account's sessions end. Audited (never the password).
     */
    StaffPasswordReset resetStaffPassword(String token, String region, String username);

    record StaffPasswordReset(String username, String password) {
        @Override
        public String toString() {
            return "StaffPasswordReset[" + username + "]";
        }
    }

    /** Registrations and started enrollments per day of a sitting's enrollment windows (region time), inside the scope. */
    record DailyActivity(String region, String sitting, List<Day> days) {
        public DailyActivity {
            days = List.copyOf(days);
        }

        public record Day(LocalDate date, int registrations, int enrollments) {
        }
    }

    /** @throws KaowuException FORBIDDEN outside the account's region or for a platform administrator, SITTING_NOT_FOUND */
    DailyActivity dailyActivity(String token, String region, String sitting);
}
