package org.kaowu.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reconciliation with the payment gateways (对账): every open payment order of a region is asked for at its
 * gateway; a payment whose callback never arrived is settled, a lapsed or closed order expires, and what does
 * not agree (paid at the gateway but lapsed here, amounts that differ) is reported to the province office as
 * audit entries. A scheduled job runs it inside each region's daily lock window.
 */
@ProviderType
public interface PaymentReconciliation {
    /** Reconciles the region's open orders now. */
    Run reconcile(String region);

    /**
     * The reconciliation reports of the region (runs and mismatches), newest first, for its province office.
     *
     * @throws KaowuException FORBIDDEN for any other account
     */
    List<Entry> reports(String region, String staffToken);

    /** What one run did: orders checked, settled, expired, mismatches, and gateways that could not be asked. */
    record Run(String region, Instant at, int checked, int settled, int expired, int mismatches, int unreachable) {
    }

    /** One report: a run (RECONCILIATION) or a mismatch (PAYMENT_MISMATCH), with the enrollment it is about. */
    record Entry(Instant at, String action, Optional<String> enrollment, String outcome, Optional<String> detail) {
    }
}
