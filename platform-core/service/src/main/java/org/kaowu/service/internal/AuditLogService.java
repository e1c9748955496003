package org.kaowu.service.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.kaowu.api.AuditLog;
import org.kaowu.store.AccountStore;
import org.kaowu.store.AuditSearch;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The audit trail for the administration console: its search across regions, and the record of its own actions. */
@Component
public final class AuditLogService implements AuditLog {
    private final AccountStore accounts;
    private final Audit audit;

    @Activate
    public AuditLogService(@Reference AccountStore accounts, @Reference Clock clock) {
        this.accounts = accounts;
        this.audit = new Audit(accounts, clock);
    }

    @Override
    public void record(String actor, String action, Optional<String> region, Optional<String> subject, String outcome, Optional<String> detail) {
        audit.record(actor, action, region.orElse(null), subject, outcome, detail);
    }

    @Override
    public List<Entry> search(Search s) {
        return accounts.searchAudit(new AuditSearch(s.actor(), s.subject(), s.action(), s.region(), s.from(), s.to(), s.limit())).stream()
                .map(e -> new Entry(e.at(), e.actor(), e.action(), e.region(), e.subject(), e.outcome(), e.detail()))
                .toList();
    }
}
