package org.kaowu.service.internal;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.kaowu.api.CandidateEnrollments;
import org.kaowu.api.Enrollment;
import org.kaowu.api.EnrollmentPayments;
import org.kaowu.api.EnrollmentPrice;
import org.kaowu.api.EnrollmentStatus;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.LocalizedText;
import org.kaowu.api.rules.EnrollmentWindow;
import org.kaowu.api.rules.ExamSession;
import org.kaowu.api.rules.Sitting;
import org.kaowu.service.internal.documents.ConfirmationDocument;
import org.kaowu.service.internal.documents.DocumentFonts;
import org.kaowu.spi.PaymentGateway;
import org.kaowu.store.AccountStore;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.EnrollmentStore;
import org.kaowu.store.PaymentOrderRecord;
import org.kaowu.store.PaymentStore;
import org.kaowu.store.StoredCandidate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "pay" step and what follows it. Pressing pay locks the enrollment (AWAITING_PAYMENT, one conditional
 * update) and makes its one payment order: the unique constraint on the order's enrollment decides between
 * concurrent requests, and all of them answer that order. The order keeps the amount and what priced it,
 * is opened at the region's gateway (a plugin registered for the region, or for all regions; a simulated
 * one only while simulators are allowed) outside any transaction, under its own id as merchant order id,
 * so that opening it again answers the same order there. It lapses when the enrollment window in which it
 * was made closes (the region's data, region time). A verified PAID notification settles order and
 * enrollment once, audited in the same transaction; a paid amount that differs from the order, or a payment
 * for an order that lapsed here, is audited as a mismatch and settles nothing.
 */
@Component(service = {EnrollmentPayments.class, PaymentSettlement.class, EnrollmentPaymentService.class})
public final class EnrollmentPaymentService implements EnrollmentPayments, PaymentSettlement {

    /** Field-injected (not in the constructor) to keep this addition apart from the constructor other work changes. */
    @org.osgi.service.component.annotations.Reference
    private CandidateNoticeService notices;
    private static final Logger LOG = LoggerFactory.getLogger(EnrollmentPaymentService.class);
    private static final String CALLBACKS = "payment-callbacks/";

    private final Regions regions;
    private final CandidateEnrollments enrollments;
    private final CandidateStore candidates;
    private final EnrollmentStore enrollmentStore;
    private final PaymentStore store;
    private final AccountStore accounts;
    private final Clock clock;
    private final Audit audit;
    private final Simulators simulators;
    private final PluginChoice<PaymentGateway> choice;
    private final Map<PaymentGateway, String> names = new ConcurrentHashMap<>();
    private volatile ConfirmationDocument document;

    @Activate
    public EnrollmentPaymentService(@Reference Regions regions, @Reference CandidateEnrollments enrollments, @Reference CandidateStore candidates,
            @Reference EnrollmentStore enrollmentStore,
            @Reference(target = "(component.name=org.kaowu.store.internal.StoreComponent)") PaymentStore store,
            @Reference AccountStore accounts, @Reference Clock clock, @Reference Simulators simulators) {
        this.regions = regions;
        this.enrollments = enrollments;
        this.candidates = candidates;
        this.enrollmentStore = enrollmentStore;
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
        this.audit = new Audit(accounts, clock);
        this.simulators = simulators;
        this.choice = new PluginChoice<>("kaowu.region", true, simulators::allowed);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = "(" + PaymentGateway.GATEWAY + "=*)")
    void bindGateway(PaymentGateway gateway, Map<String, Object> props) {
        if (props.get(PaymentGateway.GATEWAY) instanceof String name) {
            names.put(gateway, name);
            choice.bind(gateway, props);
        }
    }

    void unbindGateway(PaymentGateway gateway) {
        choice.unbind(gateway);
        names.remove(gateway);
    }

    private LiveRegion live(String code) {
        return regions.live(code).orElseThrow(() -> new KaowuException(ErrorCode.REGION_NOT_FOUND, "No region " + code + " is installed"));
    }

    /** The gateway that serves the region now, and its name. */
    private Map.Entry<String, PaymentGateway> gatewayFor(String region) {
        PaymentGateway g = choice.forKey(region).orElseThrow(() -> new KaowuException(ErrorCode.PAYMENT_GATEWAY_UNAVAILABLE,
                "No payment gateway serves region " + region + " now"));
        return Map.entry(names.get(g), g);
    }

    /** The gateway of that name, if it may serve now. */
    private Optional<PaymentGateway> gatewayNamed(String region, String name) {
        Optional<PaymentGateway> chosen = choice.forKey(region).filter(g -> name.equals(names.get(g)));
        if (chosen.isPresent()) {
            return chosen;
        }
        return names.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).findFirst();
    }

    @Override
    public PaymentOrder pay(String regionCode, String token, UUID id, URI base) {
        LiveRegion region = live(regionCode);
        Enrollment e = enrollments.own(regionCode, token, id);
        Optional<PaymentOrderRecord> existing = store.orderOfEnrollment(regionCode, id);
        if (existing.isPresent()) {
            return answer(opened(region, existing.get(), base));
        }
        if (e.status() == EnrollmentStatus.PAID || e.status() == EnrollmentStatus.EXPIRED) {
            throw new KaowuException(ErrorCode.ENROLLMENT_LOCKED, "This enrollment is " + e.status() + ": it has no order to pay");
        }
        Map.Entry<String, PaymentGateway> gateway = gatewayFor(regionCode);
        Enrollment locked = enrollments.lockForPayment(regionCode, id);
        EnrollmentPrice price = locked.price().orElseThrow(() -> new KaowuException(ErrorCode.WRONG_STEP, "The enrollment is not priced"));
        Instant now = clock.instant();
        Instant expires = lapse(region, locked.sitting(), now).orElseThrow(() -> new KaowuException(ErrorCode.ENROLLMENT_CLOSED,
                "The enrollment window of sitting " + locked.sitting() + " has closed; the enrollment can no longer be paid"));
        PaymentOrderRecord order = store.openOrder(new PaymentOrderRecord(UUID.randomUUID().toString(), regionCode, id, gateway.getKey(),
                Optional.empty(), Optional.empty(), price.value(), price.currency(), price.pricedBy(), PaymentOrderRecord.OPEN, expires, now,
                Optional.empty()));
        return answer(opened(region, order, base));
    }

    /** Orders lapse where the enrollment window they were made in closes (the region's data, region time). */
    private Optional<Instant> lapse(LiveRegion region, String sittingCode, Instant now) {
        ZoneId zone = region.profile().timeZone();
        Sitting sitting = EnrollmentService.sitting(region, sittingCode);
        var local = ZonedDateTime.ofInstant(now, zone).toLocalDateTime();
        return sitting.enrollment().stream().filter(w -> w.contains(local)).map(EnrollmentWindow::closes).findFirst()
                .map(c -> c.atZone(zone).toInstant());
    }

    private static PaymentOrder answer(PaymentOrderRecord o) {
        return new PaymentOrder(o.id(), o.amount(), o.currency(), URI.create(o.payUrl().orElseThrow()), o.expiresAt());
    }

    /** The order as opened at its gateway: opens it there when that did not happen yet (the same merchant order id answers the same order). */
    private PaymentOrderRecord opened(LiveRegion region, PaymentOrderRecord order, URI base) {
        if (!PaymentOrderRecord.OPEN.equals(order.status())) {
            if (PaymentOrderRecord.EXPIRED.equals(order.status())) {
                throw new KaowuException(ErrorCode.ENROLLMENT_LOCKED, "The payment order of this enrollment lapsed unpaid");
            }
            return order;
        }
        if (!clock.instant().isBefore(order.expiresAt())) {
            expire(order);
            throw new KaowuException(ErrorCode.ENROLLMENT_LOCKED, "The payment order of this enrollment lapsed unpaid");
        }
        if (order.payUrl().isPresent()) {
            return order;
        }
        PaymentGateway gateway = gatewayNamed(region.code(), order.gateway()).orElseThrow(() -> new KaowuException(
                ErrorCode.PAYMENT_GATEWAY_UNAVAILABLE, "The payment gateway " + order.gateway() + " is not available now"));
        PaymentGateway.GatewayOrder g;
        String api = base.toString();
        URI callback = URI.create(api + (api.endsWith("/") ? "" : "/") + CALLBACKS + order.gateway());
        LOG.info("Opening payment order {} of enrollment {} at gateway {} (callbacks to {})", order.id(), order.enrollment(), order.gateway(), callback);
        try {
            g = gateway.createOrder(new PaymentGateway.OrderRequest(order.id(), new PaymentGateway.Amount(order.amount(), order.currency()),
                    order.expiresAt(), "报考费 " + order.enrollment(), base.resolve("/" + order.region() + "/enrollments/" + order.enrollment()), callback)); // back to the portal's page of the enrollment
        } catch (UncheckedIOException | IllegalStateException ex) {
            LOG.warn("Payment gateway {} could not open order {}: {}", order.gateway(), order.id(), ex.toString());
            throw new KaowuException(ErrorCode.PAYMENT_GATEWAY_UNAVAILABLE, "The payment gateway cannot be reached now; nothing was charged, try again");
        }
        return store.attachGatewayOrder(order.id(), g.gatewayOrderId(), g.payUrl().toString());
    }

    /** An open order past its lapse: asks the gateway first (a payment that arrived late settles), else order and enrollment expire. */
    boolean expire(PaymentOrderRecord order) {
        Optional<PaymentGateway.OrderStatus> there = Optional.empty();
        try {
            there = gatewayNamed(order.region(), order.gateway()).flatMap(g -> g.queryOrder(order.id()));
        } catch (RuntimeException ex) {
            LOG.warn("Payment gateway {} could not be asked about order {}: {}", order.gateway(), order.id(), ex.toString());
            return false;
        }
        if (there.isPresent() && there.get().state() == PaymentGateway.OrderState.PAID) {
            PaymentGateway.OrderStatus s = there.get();
            settle(order.gateway(), new PaymentGateway.PaymentNotification("query", order.id(), s.gatewayOrderId(), s.state(), s.amount(),
                    s.paidAmount(), s.paidAt()));
            return false;
        }
        Instant now = clock.instant();
        return accounts.atomically(() -> {
            if (!store.settleOrder(order.id(), PaymentOrderRecord.EXPIRED, now)) {
                return false;
            }
            enrollmentStore.changeStatus(order.region(), order.enrollment(), EnrollmentStatus.AWAITING_PAYMENT, EnrollmentStatus.EXPIRED, now);
            audit.record("platform", "PAYMENT_EXPIRED", order.region(), Optional.of(order.enrollment().toString()), "DONE",
                    Optional.of("order " + order.id() + " lapsed unpaid at " + order.expiresAt()));
            return true;
        });
    }

    @Override
    public void settle(String gateway, PaymentGateway.PaymentNotification n) {
        settled(gateway, n);
    }

    /** Whether this call settled the order (false when it was settled before, is unknown, or does not agree). */
    boolean settled(String gateway, PaymentGateway.PaymentNotification n) {
        Optional<PaymentOrderRecord> found = store.findOrder(n.merchantOrderId()).filter(o -> o.gateway().equals(gateway));
        if (found.isEmpty()) {
            LOG.warn("Payment gateway {} notified order {} (merchant order {}), which is no payment order here", gateway, n.gatewayOrderId(),
                    n.merchantOrderId());
            return false;
        }
        PaymentOrderRecord order = found.get();
        if (n.state() != PaymentGateway.OrderState.PAID) {
            return false;
        }
        PaymentGateway.Amount paid = n.paidAmount().orElse(n.amount());
        Instant now = clock.instant();
        List<CandidateNoticeService.Pending> told = new java.util.ArrayList<>();
        boolean settled = accounts.atomically(() -> {
            told.clear();
            PaymentOrderRecord current = store.findOrder(order.id()).orElseThrow();
            if (PaymentOrderRecord.PAID.equals(current.status())) {
                return false;
            }
            if (paid.value().compareTo(current.amount()) != 0 || !paid.currency().equals(current.currency())) {
                audit.record("platform", "PAYMENT_MISMATCH", current.region(), Optional.of(current.enrollment().toString()), "REFUSED",
                        Optional.of("order " + current.id() + ": paid " + paid.text() + " " + paid.currency() + ", ordered "
                                + current.amount().toPlainString() + " " + current.currency()));
                return false;
            }
            if (PaymentOrderRecord.EXPIRED.equals(current.status())) {
                audit.record("platform", "PAYMENT_MISMATCH", current.region(), Optional.of(current.enrollment().toString()), "REFUSED",
                        Optional.of("order " + current.id() + ": paid at gateway " + gateway + " but lapsed here"));
                return false;
            }
            if (!store.settleOrder(current.id(), PaymentOrderRecord.PAID, now)) {
                return false;
            }
            enrollmentStore.changeStatus(current.region(), current.enrollment(), EnrollmentStatus.AWAITING_PAYMENT, EnrollmentStatus.PAID, now);
            audit.record("platform", "PAYMENT_SETTLED", current.region(), Optional.of(current.enrollment().toString()), "DONE",
                    Optional.of("order " + current.id() + " paid " + paid.text() + " " + paid.currency() + " at " + gateway + " ("
                            + n.gatewayOrderId() + "), priced by " + current.pricedBy()));
            enrollmentStore.findEnrollment(current.region(), current.enrollment()).flatMap(e -> candidates.findById(current.region(), e.candidate()))
                    .ifPresent(c -> told.add(notices.record(c, org.kaowu.api.CandidateNotices.Kind.PAYMENT_RECEIVED,
                            Optional.of(current.amount().toPlainString() + " " + current.currency()))));
            return true;
        });
        notices.deliver(told);
        return settled;
    }

    @Override
    public byte[] confirmation(String regionCode, String token, UUID id) {
        LiveRegion region = live(regionCode);
        Enrollment e = enrollments.own(regionCode, token, id);
        if (e.status() != EnrollmentStatus.PAID) {
            throw new KaowuException(ErrorCode.ENROLLMENT_NOT_PAID, "The confirmation is printed once the enrollment is paid; it is " + e.status());
        }
        StoredCandidate c = candidates.findById(regionCode, e.candidate()).orElseThrow();
        PaymentOrderRecord order = store.orderOfEnrollment(regionCode, id).orElseThrow();
        Sitting sitting = EnrollmentService.sitting(region, e.sitting());
        String area = e.examArea().flatMap(a -> region.profile().examAreas().stream().filter(x -> x.code().equals(a)).findFirst()
                .map(x -> a + " " + zh(x.names()))).orElse("");
        List<ConfirmationDocument.Fact> facts = List.of(
                new ConfirmationDocument.Fact("姓名 Name", c.name()),
                new ConfirmationDocument.Fact("准考证号 Ticket number", c.ticketNumber().orElse("-")),
                new ConfirmationDocument.Fact("考次 Sitting", e.sitting() + " " + zh(sitting.names())),
                new ConfirmationDocument.Fact("考区 Exam area", area),
                new ConfirmationDocument.Fact("缴费金额 Amount paid", order.amount().toPlainString() + " " + order.currency()),
                new ConfirmationDocument.Fact("订单号 Payment", order.id()));
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm");
        List<List<String>> rows = new ArrayList<>();
        for (Enrollment.Line l : e.lines()) {
            String name = region.catalogue().catalogue().courses().stream().filter(x -> x.code().equals(l.course())).findFirst()
                    .map(x -> zh(x.names())).orElse("");
            Optional<ExamSession> s = sitting.sessions().stream().filter(x -> x.id().equals(l.session())).findFirst();
            rows.add(List.of(l.course(), name, l.major(), s.map(x -> x.date().toString()).orElse(""),
                    s.map(x -> hm.format(x.starts()) + "-" + hm.format(x.ends())).orElse("")));
        }
        List<String> notes = new ArrayList<>();
        notes.add("已缴费，报考信息不能再修改。Paid: this enrollment can no longer be changed.");
        Optional.ofNullable(sitting.names().values().get("ug")).ifPresent(notes::add);
        ConfirmationDocument doc = document;
        if (doc == null) {
            doc = new ConfirmationDocument(DocumentFonts.shipped());
            document = doc;
        }
        return doc.render(new ConfirmationDocument.Content("报考确认单 Enrollment confirmation", facts,
                List.of("课程代码 Code", "课程名称 Course", "专业 Major", "日期 Date", "时间 Time"), List.of(1f, 3f, 1.3f, 1.5f, 1.3f), rows, notes));
    }

    private static String zh(LocalizedText t) {
        return Optional.ofNullable(t.values().get("zh-CN")).orElseGet(() -> t.values().values().stream().findFirst().orElse(""));
    }

    /** The regions that have open orders (reconciliation). */
    java.util.Set<String> regionsWithOpenOrders() {
        return store.ordersIn(PaymentOrderRecord.OPEN).stream().map(PaymentOrderRecord::region).collect(java.util.stream.Collectors.toSet());
    }

    /** Whether the region is inside one of its daily lock windows now (region time): when reconciliation runs. */
    boolean inDailyLock(String regionCode) {
        return regions.live(regionCode).map(r -> {
            java.time.LocalTime t = ZonedDateTime.now(clock.withZone(r.profile().timeZone())).toLocalTime();
            return r.calendar().dailyLocks().stream().anyMatch(l -> l.covers(t));
        }).orElse(false);
    }

    /**
     * Asks the gateway about every open order of the region: PAID settles it (a missed callback), CLOSED or
     * lapsed expires it, a gateway that does not know an order it opened, or a paid amount that differs, is a
     * mismatch; the run is audited.
     */
    org.kaowu.api.PaymentReconciliation.Run reconcile(String regionCode) {
        int checked = 0;
        int settledCount = 0;
        int expired = 0;
        int mismatches = 0;
        int unreachable = 0;
        Instant now = clock.instant();
        for (PaymentOrderRecord order : store.ordersIn(PaymentOrderRecord.OPEN)) {
            if (!order.region().equals(regionCode)) {
                continue;
            }
            checked++;
            Optional<PaymentGateway> gateway = gatewayNamed(regionCode, order.gateway());
            Optional<PaymentGateway.OrderStatus> there;
            try {
                there = gateway.isPresent() ? gateway.get().queryOrder(order.id()) : null;
            } catch (RuntimeException ex) {
                there = null;
            }
            if (there == null) {
                unreachable++;
                continue;
            }
            if (there.isPresent() && there.get().state() == PaymentGateway.OrderState.PAID) {
                PaymentGateway.OrderStatus st = there.get();
                if (settled(order.gateway(), new PaymentGateway.PaymentNotification("reconciliation", order.id(), st.gatewayOrderId(), st.state(),
                        st.amount(), st.paidAmount(), st.paidAt()))) {
                    settledCount++;
                } else {
                    mismatches++;
                }
            } else if (!now.isBefore(order.expiresAt()) || there.map(x -> x.state() == PaymentGateway.OrderState.CLOSED).orElse(false)) {
                if (expire(order)) {
                    expired++;
                }
            } else if (there.isEmpty() && order.gatewayOrderId().isPresent()) {
                mismatches++;
                accounts.atomically(() -> {
                    audit.record("platform", "PAYMENT_MISMATCH", regionCode, Optional.of(order.enrollment().toString()), "REFUSED",
                            Optional.of("order " + order.id() + ": gateway " + order.gateway() + " does not know it"));
                    return null;
                });
            }
        }
        var run = new org.kaowu.api.PaymentReconciliation.Run(regionCode, now, checked, settledCount, expired, mismatches, unreachable);
        String detail = "checked " + checked + ", settled " + settledCount + ", expired " + expired + ", mismatches " + mismatches
                + ", gateway unreachable " + unreachable;
        String outcome = mismatches == 0 && unreachable == 0 ? "DONE" : "MISMATCH";
        accounts.atomically(() -> {
            audit.record("platform", "RECONCILIATION", regionCode, Optional.empty(), outcome, Optional.of(detail));
            return null;
        });
        LOG.info("Payment reconciliation of region {}: {}", regionCode, detail);
        return run;
    }
}
