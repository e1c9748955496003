package org.kaowu.store.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.kaowu.api.RegionReleases;
import org.kaowu.api.TicketSequence;
import org.kaowu.api.rules.LoginIdentifier;
import org.kaowu.store.AccountStore;
import org.kaowu.store.AuditEvent;
import org.kaowu.store.CandidateChange;
import org.kaowu.store.CandidateQuery;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.PasswordRecoveryRecord;
import org.kaowu.store.PaymentNotificationRecord;
import org.kaowu.store.PaymentStore;
import org.kaowu.store.Photo;
import org.kaowu.store.PriorEducation;
import org.kaowu.store.RecordOnFile;
import org.kaowu.store.ReturningCandidate;
import org.kaowu.store.TicketMerge;
import org.kaowu.store.StoredStaff;
import org.kaowu.store.NewCandidate;
import org.kaowu.store.StoredCandidate;
import org.kaowu.store.TicketIssuer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Opens the configured database (configuration {@value DatabaseConfig#PID}, conf/org.kaowu.store.cfg in
 * the distribution), applies pending schema migrations and offers the
 * {@link CandidateStore}, the {@link AccountStore} and, once all that is done, the {@link RegionReleases}. If the database cannot be opened or migrated the component does not
 * activate, no store is offered and the platform reports itself DOWN.
 */
// immediate: open and migrate the database when the bundle starts, not at the first request.
// REQUIRE: never open a default database while the configured one is still on its way.
@Component(configurationPid = DatabaseConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = DatabaseConfig.class)
public final class StoreComponent implements CandidateStore, AccountStore, org.kaowu.store.EnrollmentStore, PaymentStore,
        org.kaowu.store.ScoreStore, org.kaowu.store.PaymentOrderStore {
    /** Framework property naming the data directory (default "data", relative to the working directory). */
    static final String DATA_DIRECTORY = "kaowu.data";
    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);

    /** The reason the last activation failed, said in full once (logging only). */
    private static volatile String lastFailure;

    private final DataSource dataSource;
    private final EntityManagerFactory emf;
    private final JpaCandidateStore store;
    private final JpaAccountStore accounts;
    private final JpaEnrollmentStore enrollments;
    /**
     * RegionReleases, registered by hand once the database is migrated rather than by DS: DS registers an
     * immediate component's services before its constructor has run, and the region extender, which needs
     * this service to activate, would wait on the migrations (and give up after SCR's lock timeout).
     */
    private final ServiceRegistration<RegionReleases> releases;
    private final JpaPaymentStore payments;
    private final JpaPaymentOrderStore orders;
    /** Exam rooms and seats: a store of its own, registered by hand like RegionReleases (same component name, for target filters). */
    private final ServiceRegistration<org.kaowu.store.ExamOperationsStore> examOperations;
    private final JpaScoreStore scores;

    @Activate
    public StoreComponent(BundleContext context, DatabaseConfig config) throws SQLException {
        String url = config.jdbcUrl().strip();
        String dataDir = Optional.ofNullable(context.getProperty(DATA_DIRECTORY)).orElse("data");
        PersonalData personalData = PersonalData.load(config.personalDataKeys(), config.personalDataLookupKey(), Path.of(dataDir, "security"));
        boolean postgres;
        if (url.isEmpty()) {
            String data = Optional.ofNullable(context.getProperty(DATA_DIRECTORY)).orElse("data");
            dataSource = DataSources.pooledDerby(Path.of(data), config.maxPoolSize());
            postgres = false;
        } else if (DataSources.isPostgres(url)) {
            dataSource = DataSources.postgres(url, config.user(), config.password(), config.maxPoolSize());
            postgres = true;
        } else {
            throw DataSources.unsupported(url);
        }
        try {
            long t0 = System.nanoTime();
            String product;
            try (Connection c = dataSource.getConnection()) {
                product = c.getMetaData().getDatabaseProductName();
            }
            long t1 = System.nanoTime();
            // Deploying the persistence unit needs the database but not the schema: do it beside the
            // migrations. Nothing is served before both are done.
            CompletableFuture<EntityManagerFactory> jpa = CompletableFuture.supplyAsync(() -> PersistenceUnit.create(dataSource, postgres));
            List<Integer> applied;
            try {
                applied = SchemaMigrations.of(StoreComponent.class.getClassLoader(), personalData).migrate(dataSource);
            } catch (SQLException | RuntimeException e) {
                // Said here in full: the store stays down and health with it. SCR tries the activation
                // again as services come and go during the start; the same reason is said in full once.
                if (e.getMessage() != null && e.getMessage().equals(lastFailure)) {
                    LOG.warn("Store not started, again, for the reason logged above");
                } else {
                    LOG.error("Store not started: {}", e.getMessage());
                    lastFailure = e.getMessage();
                }
                jpa.thenAccept(EntityManagerFactory::close);
                throw e;
            }
            emf = join(jpa);
            long t2 = System.nanoTime();
            LOG.info("Database {} ready in {} ms (open {} ms, migrations and JPA {} ms); migrations applied now: {}",
                    product, (t2 - t0) / 1_000_000, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, applied);
            Transactions transactions = new Transactions(emf);
            store = new JpaCandidateStore(transactions, product, personalData);
            accounts = new JpaAccountStore(transactions, personalData);
            enrollments = new JpaEnrollmentStore(transactions);
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(ComponentConstants.COMPONENT_NAME, StoreComponent.class.getName());
            releases = context.registerService(RegionReleases.class, new JpaRegionReleases(transactions), props);
            payments = new JpaPaymentStore(transactions, java.time.Instant::now);
            orders = new JpaPaymentOrderStore(transactions);
            examOperations = context.registerService(org.kaowu.store.ExamOperationsStore.class, new JpaExamOperationsStore(transactions), props);
            scores = new JpaScoreStore(transactions);
            LOG.info("Personal data encrypted with key {}, lookup key {}", personalData.currentKeyId(), personalData.lookupKeyFingerprint());
            lastFailure = null;
        } catch (SQLException | RuntimeException e) {
            close(dataSource);
            throw e;
        }
    }

    private static EntityManagerFactory join(CompletableFuture<EntityManagerFactory> jpa) {
        try {
            return jpa.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : List.of(releases, examOperations)) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework withdrew it first
            }
        }
        accounts.close();
        emf.close();
        close(dataSource);
    }

    private static void close(DataSource ds) {
        if (ds instanceof HikariDataSource hikari) {
            hikari.close();
            if (hikari.getDataSource() instanceof EmbeddedDataSource derby) {
                DataSources.shutdownDerby(derby);
            }
        } else if (ds instanceof EmbeddedDataSource derby) {
            DataSources.shutdownDerby(derby);
        }
    }

    @Override
    public StoredCandidate register(NewCandidate candidate, TicketIssuer issuer) {
        return store.register(candidate, issuer);
    }

    @Override
    public Optional<StoredCandidate> findById(String region, UUID id) {
        return store.findById(region, id);
    }

    @Override
    public Optional<StoredCandidate> findByIdNumber(String region, String idNumber) {
        return store.findByIdNumber(region, idNumber);
    }

    @Override
    public String databaseProduct() {
        return store.databaseProduct();
    }

    @Override
    public Optional<StoredCandidate> findByLogin(String region, LoginIdentifier kind, String value) {
        return store.findByLogin(region, kind, value);
    }

    @Override
    public StoredCandidate update(String region, UUID id, BiFunction<StoredCandidate, TicketSequence, CandidateChange> change) {
        return store.update(region, id, change);
    }

    @Override
    public Optional<Photo> photo(UUID candidate) {
        return store.photo(candidate);
    }

    @Override
    public List<StoredCandidate> search(String region, CandidateQuery query) {
        return store.search(region, query);
    }

    @Override
    public RecordOnFile importRecordOnFile(RecordOnFile record) {
        return store.importRecordOnFile(record);
    }

    @Override
    public org.kaowu.store.RecordsImport importRecordsOnFile(List<RecordOnFile> records) {
        return store.importRecordsOnFile(records);
    }

    @Override
    public List<org.kaowu.store.RecordsImport.Held> heldTickets(String region, List<String> ticketNumbers) {
        return store.heldTickets(region, ticketNumbers);
    }

    @Override
    public List<RecordOnFile> recordsOnFile(String region, String idNumber) {
        return store.recordsOnFile(region, idNumber);
    }

    @Override
    public List<org.kaowu.store.TicketHolder> ticketHolders(String region, String idNumber) {
        return store.ticketHolders(region, idNumber);
    }

    @Override
    public StoredCandidate registerReturning(ReturningCandidate returning) {
        return store.registerReturning(returning);
    }

    @Override
    public List<TicketMerge> merges(String region, UUID candidate) {
        return store.merges(region, candidate);
    }

    @Override
    public TicketMerge undoMerge(String region, UUID merge, String by, Instant at) {
        return store.undoMerge(region, merge, by, at);
    }

    @Override
    public Optional<PriorEducation> priorEducation(UUID candidate) {
        return store.priorEducation(candidate);
    }

    @Override
    public void savePriorEducation(PriorEducation priorEducation, Optional<Photo> proof) {
        store.savePriorEducation(priorEducation, proof);
    }

    @Override
    public Optional<Photo> proof(UUID candidate) {
        return store.proof(candidate);
    }

    @Override
    public StoredStaff createStaff(StoredStaff staff) {
        return accounts.createStaff(staff);
    }

    @Override
    public Optional<StoredStaff> findStaff(String username) {
        return accounts.findStaff(username);
    }

    @Override
    public boolean spendHumanCheck(String id, Instant expiresAt) {
        return accounts.spendHumanCheck(id, expiresAt);
    }

    @Override
    public void addNotice(org.kaowu.store.CandidateNoticeRecord notice) {
        accounts.addNotice(notice);
    }

    @Override
    public List<org.kaowu.store.CandidateNoticeRecord> notices(UUID candidate, int limit) {
        return accounts.notices(candidate, limit);
    }

    @Override
    public void audit(AuditEvent event) {
        accounts.audit(event);
    }

    @Override
    public void auditShared(AuditEvent event) {
        accounts.auditShared(event);
    }

    @Override
    public boolean auditSharedSpending(String humanCheckId, Instant expiresAt, AuditEvent event) {
        return accounts.auditSharedSpending(humanCheckId, expiresAt, event);
    }

    @Override
    public List<AuditEvent> auditTrail(String region, Optional<String> subject, int limit) {
        return accounts.auditTrail(region, subject, limit);
    }

    @Override
    public org.kaowu.store.AuditQuery.Page searchAudit(org.kaowu.store.AuditQuery query) {
        return accounts.searchAudit(query);
    }

    @Override
    public <T> T atomically(java.util.function.Supplier<T> work) {
        return accounts.atomically(work);
    }

    @Override
    public AttemptReservation reserveAttempt(String keyHash, Instant now, int free, Duration base, Duration max) {
        return accounts.reserveAttempt(keyHash, now, free, base, max);
    }

    @Override
    public void clearFailures(String keyHash) {
        accounts.clearFailures(keyHash);
    }

    @Override
    public void revokeSession(String tokenId, Instant expiresAt) {
        accounts.revokeSession(tokenId, expiresAt);
    }

    @Override
    public boolean isRevoked(String tokenId, UUID subject, Instant issuedAt) {
        return accounts.isRevoked(tokenId, subject, issuedAt);
    }

    @Override
    public void endSessions(UUID subject, Instant notBefore, Optional<String> keptToken) {
        accounts.endSessions(subject, notBefore, keptToken);
    }

    @Override
    public int purgeExpired(Instant now) {
        return accounts.purgeExpired(now);
    }

    @Override
    public void createRecovery(PasswordRecoveryRecord recovery) {
        accounts.createRecovery(recovery);
    }

    @Override
    public Optional<PasswordRecoveryRecord> findRecovery(UUID id) {
        return accounts.findRecovery(id);
    }

    @Override
    public boolean reserveRecoveryAttempt(UUID id, Instant now, int maxAttempts) {
        return accounts.reserveRecoveryAttempt(id, now, maxAttempts);
    }

    @Override
    public boolean useRecovery(UUID id, Instant now) {
        return accounts.useRecovery(id, now);
    }

    @Override
    public org.kaowu.api.Enrollment createEnrollment(org.kaowu.api.Enrollment enrollment) {
        return enrollments.createEnrollment(enrollment);
    }

    @Override
    public Optional<org.kaowu.api.Enrollment> findEnrollment(String region, UUID id) {
        return enrollments.findEnrollment(region, id);
    }

    @Override
    public List<org.kaowu.api.Enrollment> enrollments(String region, UUID candidate) {
        return enrollments.enrollments(region, candidate);
    }

    @Override
    public org.kaowu.api.Enrollment saveDraft(org.kaowu.api.Enrollment read, org.kaowu.api.Enrollment changed) {
        return enrollments.saveDraft(read, changed);
    }

    @Override
    public boolean lockForPayment(String region, UUID id, org.kaowu.api.EnrollmentPrice price, Instant at) {
        return enrollments.lockForPayment(region, id, price, at);
    }

    @Override
    public boolean changeStatus(String region, UUID id, org.kaowu.api.EnrollmentStatus from, org.kaowu.api.EnrollmentStatus to, Instant at) {
        return enrollments.changeStatus(region, id, from, to, at);
    }

    @Override
    public List<EnrollmentLineRow> enrollmentLines(String region, String sitting) {
        return enrollments.enrollmentLines(region, sitting);
    }

    @Override
    public NotificationReceipt recordNotification(PaymentNotificationRecord notification) {
        return payments.recordNotification(notification);
    }

    @Override
    public Optional<PaymentNotificationRecord> findNotification(String gateway, String gatewayOrderId) {
        return payments.findNotification(gateway, gatewayOrderId);
    }

    @Override
    public List<PaymentNotificationRecord> notificationsOfMerchantOrder(String gateway, String merchantOrderId) {
        return payments.notificationsOfMerchantOrder(gateway, merchantOrderId);
    }

    @Override
    public org.kaowu.store.PaymentOrderRecord openOrder(org.kaowu.store.PaymentOrderRecord order) {
        return payments.openOrder(order);
    }

    @Override
    public org.kaowu.store.PaymentOrderRecord attachGatewayOrder(String orderId, String gatewayOrderId, String payUrl) {
        return payments.attachGatewayOrder(orderId, gatewayOrderId, payUrl);
    }

    @Override
    public Optional<org.kaowu.store.PaymentOrderRecord> orderOfEnrollment(String region, UUID enrollment) {
        return payments.orderOfEnrollment(region, enrollment);
    }

    @Override
    public Optional<org.kaowu.store.PaymentOrderRecord> findOrder(String orderId) {
        return payments.findOrder(orderId);
    }

    @Override
    public List<org.kaowu.store.PaymentOrderRecord> ordersIn(String status) {
        return payments.ordersIn(status);
    }

    @Override
    public boolean settleOrder(String orderId, String to, Instant at) {
        return payments.settleOrder(orderId, to, at);
    }

    @Override
    public List<Examinee> examinees(String region, String sitting) {
        return scores.examinees(region, sitting);
    }

    @Override
    public int replaceScores(String region, String sitting, java.util.Set<String> courses, List<org.kaowu.store.StoredScore> imported) {
        return scores.replaceScores(region, sitting, courses, imported);
    }

    @Override
    public List<org.kaowu.store.StoredScore> scoresOf(String region, UUID candidate) {
        return scores.scoresOf(region, candidate);
    }

    @Override
    public List<org.kaowu.store.StoredScore> scoresOfCourse(String region, String sitting, String course) {
        return scores.scoresOfCourse(region, sitting, course);
    }

    @Override
    public boolean correctScore(String region, String sitting, String course, UUID candidate, org.kaowu.api.Score score, Instant at) {
        return scores.correctScore(region, sitting, course, candidate, score, at);
    }

    @Override
    public org.kaowu.api.Recheck applyRecheck(org.kaowu.api.Recheck recheck) {
        return scores.applyRecheck(recheck);
    }

    @Override
    public Optional<org.kaowu.api.Recheck> findRecheck(String region, UUID id) {
        return scores.findRecheck(region, id);
    }

    @Override
    public List<org.kaowu.api.Recheck> rechecksOf(String region, UUID candidate) {
        return scores.rechecksOf(region, candidate);
    }

    @Override
    public List<org.kaowu.api.Recheck> rechecks(String region, Optional<String> sitting) {
        return scores.rechecks(region, sitting);
    }

    @Override
    public boolean decideRecheck(String region, UUID id, org.kaowu.api.Recheck.Status outcome, Optional<org.kaowu.api.Score> after, String decidedBy,
            Instant at) {
        return scores.decideRecheck(region, id, outcome, after, decidedBy, at);
    }

    @Override
    public org.kaowu.store.CandidateQueue.Page queue(String region, org.kaowu.store.CandidateQueue query) {
        return store.queue(region, query);
    }

    @Override
    public List<org.kaowu.store.ActivityTime> registrations(String region, java.time.Instant from, java.time.Instant to) {
        return store.registrations(region, from, to);
    }

    @Override
    public List<org.kaowu.store.ActivityTime> enrollmentStarts(String region, String sitting) {
        return enrollments.enrollmentStarts(region, sitting);
    }

    @Override
    public List<StoredStaff> staffOf(String region) {
        return accounts.staffOf(region);
    }

    @Override
    public Optional<java.time.Instant> staffDisabledAt(java.util.UUID staff) {
        return accounts.staffDisabledAt(staff);
    }

    @Override
    public boolean disableStaff(java.util.UUID staff, java.time.Instant at) {
        return accounts.disableStaff(staff, at);
    }

    @Override
    public void changeStaffPassword(java.util.UUID staff, String passwordHash) {
        accounts.changeStaffPassword(staff, passwordHash);
    }

    @Override
    public org.kaowu.store.GroupPaymentOrderRecord openGroupOrder(org.kaowu.store.GroupPaymentOrderRecord order) {
        return orders.openGroupOrder(order);
    }

    @Override
    public Optional<org.kaowu.store.GroupPaymentOrderRecord> findGroupOrder(String orderId) {
        return orders.findGroupOrder(orderId);
    }

    @Override
    public Optional<org.kaowu.store.GroupPaymentOrderRecord> groupOrderOfEnrollment(String region, java.util.UUID enrollment) {
        return orders.groupOrderOfEnrollment(region, enrollment);
    }

    @Override
    public List<org.kaowu.store.GroupPaymentOrderRecord> groupOrdersIn(String status) {
        return orders.groupOrdersIn(status);
    }

    @Override
    public org.kaowu.store.GroupPaymentOrderRecord attachGroupGatewayOrder(String orderId, String gatewayOrderId, String payUrl) {
        return orders.attachGroupGatewayOrder(orderId, gatewayOrderId, payUrl);
    }

    @Override
    public boolean settleGroupOrder(String orderId, String to, java.time.Instant at) {
        return orders.settleGroupOrder(orderId, to, at);
    }

    @Override
    public List<org.kaowu.store.PaymentOrderRecord> lapsedOrdersToRecheck(java.time.Instant since) {
        return orders.lapsedOrdersToRecheck(since);
    }

    @Override
    public List<org.kaowu.store.GroupPaymentOrderRecord> lapsedGroupOrdersToRecheck(java.time.Instant since) {
        return orders.lapsedGroupOrdersToRecheck(since);
    }

    @Override
    public boolean markMismatchReported(String orderId, java.time.Instant at) {
        return orders.markMismatchReported(orderId, at);
    }
}
