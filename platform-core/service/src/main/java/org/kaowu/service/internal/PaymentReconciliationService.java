package org.kaowu.service.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.PaymentReconciliation;
import org.kaowu.api.StaffRole;
import org.kaowu.store.AccountStore;
import org.kaowu.store.StoredStaff;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciliation job: every {@code intervalSeconds} (PID {@code org.kaowu.payment.reconciliation}) it
 * reconciles each region that has open payment orders, when the region is inside one of its daily lock
 * windows (region time, on the platform clock; {@code onlyInDailyLock=false} runs it at every tick). The
 * reports (runs and mismatches, as audit entries) are read by the region's province office.
 */
@Component(configurationPid = "org.kaowu.payment.reconciliation")
@Designate(ocd = PaymentReconciliationService.Config.class)
public final class PaymentReconciliationService implements PaymentReconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentReconciliationService.class);
    private static final Set<String> REPORTED = Set.of("RECONCILIATION", "PAYMENT_MISMATCH");

    @ObjectClassDefinition(name = "Kaowu payment reconciliation")
    public @interface Config {
        @AttributeDefinition(name = "Interval (seconds)", description = "How often the job looks for regions to reconcile")
        long intervalSeconds() default 900;

        @AttributeDefinition(name = "Only in the daily lock", description = "Reconcile a region only inside its daily lock window")
        boolean onlyInDailyLock() default true;
    }

    private final EnrollmentPaymentService payments;
    private final AccountStore accounts;
    private final SessionTokens tokens;
    private final ScheduledExecutorService timer;

    @Activate
    public PaymentReconciliationService(@Reference EnrollmentPaymentService payments, @Reference AccountStore accounts,
            @Reference SessionTokens tokens, Config config) {
        this.payments = payments;
        this.accounts = accounts;
        this.tokens = tokens;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kaowu-payment-reconciliation");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, config.intervalSeconds());
        boolean onlyInLock = config.onlyInDailyLock();
        timer.scheduleWithFixedDelay(() -> tick(onlyInLock), every, every, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    private void tick(boolean onlyInLock) {
        try {
            for (String region : payments.regionsWithOpenOrders()) {
                if (!onlyInLock || payments.inDailyLock(region)) {
                    payments.reconcile(region);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Payment reconciliation failed; the next run tries again", e);
        }
    }

    @Override
    public Run reconcile(String region) {
        return payments.reconcile(region);
    }

    @Override
    public List<Entry> reports(String region, String staffToken) {
        SessionTokens.Claims claims = tokens.verify(staffToken, SessionTokens.Kind.STAFF);
        StoredStaff me = accounts.findStaff(claims.region()).filter(s -> s.id().equals(claims.subject()))
                .orElseThrow(() -> new KaowuException(ErrorCode.UNAUTHENTICATED, "The session's staff account no longer exists"));
        if (me.role() != StaffRole.PROVINCE_OFFICE || !me.region().map(region::equals).orElse(false)) {
            throw new KaowuException(ErrorCode.FORBIDDEN, "Reconciliation reports are for the region's province office");
        }
        return accounts.auditTrail(region, Optional.empty(), 1000).stream().filter(a -> REPORTED.contains(a.action()))
                .map(a -> new Entry(a.at(), a.action(), a.subject(), a.outcome(), a.detail())).toList();
    }
}
