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
import org.kaowu.api.GroupPayments;
import org.kaowu.api.PaymentMethod;
import org.kaowu.api.StaffRole;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.LocalizedText;
import org.kaowu.api.rules.EnrollmentWindow;
import org.kaowu.api.rules.ExamSession;
import org.kaowu.api.rules.Sitting;
import org.kaowu.service.internal.documents.ConfirmationDocument;
import org.kaowu.spi.PaymentGateway;
import org.kaowu.store.AccountStore;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.EnrollmentStore;
import org.kaowu.store.PaymentOrderRecord;
import org.kaowu.store.GroupPaymentOrderRecord;
import org.kaowu.store.PaymentOrderStore;
import org.kaowu.store.PaymentStore;
import org.kaowu.store.StoredStaff;
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
 *
 * <p>Group payment: an assistance unit's staff account (its group enrollment point) makes one order for many
 * GROUP enrollments of its own candidates; the order and the lock of every enrollment are one transaction, in
 * which the unique constraint on the order line's enrollment keeps an enrollment in one order. A candidate
 * cannot pay a GROUP enrollment personally, nor a group order take an ONLINE one. The callback settles the
 * order and all its enrollments at once; reconciliation treats group orders like personal ones.
 */
@Component(service = {EnrollmentPayments.class, GroupPayments.class, PaymentSettlement.class, EnrollmentPaymentService.class})
public final class EnrollmentPaymentService implements EnrollmentPayments, GroupPayments, PaymentSettlement {

    /** Field-injected (not in the constructor) to keep this addition apart from the constructor other work changes. */
    @org.osgi.service.component.annotations.Reference
    private CandidateNoticeService notices;
    private static final Logger LOG = LoggerFactory.getLogger(EnrollmentPaymentService.class);
    private static final String CALLBACKS = "payment-callbacks/";
    /** How long after an order lapsed here reconciliation still asks the gateway whether it was paid there. */
    static final java.time.Duration RECHECK_LAPSED = java.time.Duration.ofDays(7);
    /** The most enrollments one group order may pay. */
    static final int GROUP_ORDER_MAX = 1000;

    private final Regions regions;
    private final CandidateEnrollments enrollments;
    private final CandidateStore candidates;
    private final EnrollmentStore enrollmentStore;
    private final PaymentStore store;
    private final PaymentOrderStore orders;
    private final SessionTokens tokens;
    private final AccountStore accounts;
    private final Clock clock;
    private final Audit audit;
    private final Simulators simulators;
    private final PluginChoice<PaymentGateway> choice;
    private final Map<PaymentGateway, String> names = new ConcurrentHashMap<>();

    @Activate
    public EnrollmentPaymentService(@Reference Regions regions, @Reference CandidateEnrollments enrollments, @Reference CandidateStore candidates,
            @Reference EnrollmentStore enrollmentStore,
            @Reference(target = "(component.name=org.kaowu.store.internal.StoreComponent)") PaymentStore store,
            @Reference(target = "(component.name=org.kaowu.store.internal.StoreComponent)") PaymentOrderStore orders,
            @Reference AccountStore accounts, @Reference Clock clock, @Reference Simulators simulators, @Reference SessionTokens tokens) {
        this.regions = regions;
        this.enrollments = enrollments;
        this.candidates = candidates;
        this.enrollmentStore = enrollmentStore;
        this.store = store;
        this.orders = orders;
        this.tokens = tokens;
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
        ConfirmationDocument.prepareAhead();
        LiveRegion region = live(regionCode);
        Enrollment e = enrollments.own(regionCode, token, id);
        Optional<PaymentOrderRecord> existing = store.orderOfEnrollment(regionCode, id);
        if (existing.isPresent()) {
            return answer(opened(region, existing.get(), base));
        }
        if (e.status() == EnrollmentStatus.PAID || e.status() == EnrollmentStatus.EXPIRED) {
            throw new KaowuException(ErrorCode.ENROLLMENT_LOCKED, "This enrollment is " + e.status() + ": it has no order to pay");
        }
        if (e.paymentMethod().filter(m -> m == PaymentMethod.GROUP).isPresent()) {
            throw groupPaid(e);
        }
        Map.Entry<String, PaymentGateway> gateway = gatewayFor(regionCode);
        Enrollment locked = enrollments.lockForPayment(regionCode, id);
        if (locked.paymentMethod().filter(m -> m == PaymentMethod.GROUP).isPresent()) {
            // the method changed to GROUP before the lock froze it: the group enrollment point pays it
            throw groupPaid(locked);
        }
        EnrollmentPrice price = locked.price().orElseThrow(() -> new KaowuException(ErrorCode.WRONG_STEP, "The enrollment is not priced"));
        Instant now = clock.instant();
        Instant expires = lapse(region, locked.sitting(), now).orElseThrow(() -> new KaowuException(ErrorCode.ENROLLMENT_CLOSED,
                "The enrollment window of sitting " + locked.sitting() + " has closed; the enrollment can no longer be paid"));
        PaymentOrderRecord order = store.openOrder(new PaymentOrderRecord(UUID.randomUUID().toString(), regionCode, id, gateway.getKey(),
                Optional.empty(), Optional.empty(), price.value(), price.currency(), price.pricedBy(), PaymentOrderRecord.OPEN, expires, now,
                Optional.empty()));
        return answer(opened(region, order, base));
    }

    private static KaowuException groupPaid(Enrollment e) {
        return new KaowuException(ErrorCode.PAYMENT_METHOD_MISMATCH, "method", "Enrollment " + e.id()
                + " is paid by its group enrollment point (payment method GROUP), not by the candidate");
    }

    /** Orders lapse where the enrollment window they were made in closes (the region's data, region time). */
    private Optional<Instant> lapse(LiveRegion region, String sittingCode, Instant now) {
        ZoneId zone = region.profile().timeZone();
        Sitting sitting = EnrollmentService.sitting(region, sittingCode);
        var local = ZonedDateTime.ofInstant(now, zone).toLocalDateTime();
        return sitting.enrollment().stream().filter(w -> w.contains(local)).map(EnrollmentWindow::closes).findFirst()
                .map(c -> c.atZone(zone).toInstant());
    }

    /**
     * An order lapses at its expiry (the close of the window it was made in), or earlier when the region's data
     * (or an override) closed the sitting's enrollment since: an order never outlives the window.
     */
    private boolean lapsed(PaymentOrderRecord order, Instant now) {
        return !now.isBefore(order.expiresAt()) || enrollmentStore.findEnrollment(order.region(), order.enrollment())
                .map(e -> windowClosed(order.region(), e.sitting(), now)).orElse(false);
    }

    /** Whether no enrollment window of the sitting is open now (region time, the region's data as it is now); false for an unknown region or sitting. */
    private boolean windowClosed(String regionCode, String sittingCode, Instant now) {
        Optional<LiveRegion> region = regions.live(regionCode);
        if (region.isEmpty()) {
            return false;
        }
        Optional<Sitting> sitting = region.get().calendar().sittings().stream().filter(x -> x.code().equals(sittingCode)).findFirst();
        var local = ZonedDateTime.ofInstant(now, region.get().profile().timeZone()).toLocalDateTime();
        return sitting.map(x -> x.enrollment().stream().noneMatch(w -> w.contains(local))).orElse(false);
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
        if (lapsed(order, clock.instant())) {
            expire(order);
            throw new KaowuException(ErrorCode.ENROLLMENT_LOCKED, "The payment order of this enrollment lapsed unpaid");
        }
        if (order.payUrl().isPresent()) {
            return order;
        }
        LOG.info("Opening payment order {} of enrollment {} at gateway {}", order.id(), order.enrollment(), order.gateway());
        PaymentGateway.GatewayOrder g = openAtGateway(region.code(), order.gateway(), order.id(), order.amount(), order.currency(),
                order.expiresAt(), "报考费 " + order.enrollment(), base,
                base.resolve("/" + order.region() + "/enrollments/" + order.enrollment())); // the gateway's "back" returns to the portal's page of the enrollment
        return store.attachGatewayOrder(order.id(), g.gatewayOrderId(), g.payUrl().toString());
    }

    /** Opens an order at the named gateway under Kaowu's order id (opening it again answers the same order there). */
    private PaymentGateway.GatewayOrder openAtGateway(String regionCode, String gatewayName, String orderId, java.math.BigDecimal amount,
            String currency, Instant expiresAt, String description, URI base, URI returnTo) {
        PaymentGateway gateway = gatewayNamed(regionCode, gatewayName).orElseThrow(() -> new KaowuException(
                ErrorCode.PAYMENT_GATEWAY_UNAVAILABLE, "The payment gateway " + gatewayName + " is not available now"));
        String api = base.toString();
        URI callback = URI.create(api + (api.endsWith("/") ? "" : "/") + CALLBACKS + gatewayName);
        try {
            return gateway.createOrder(new PaymentGateway.OrderRequest(orderId, new PaymentGateway.Amount(amount, currency), expiresAt,
                    description, returnTo, callback));
        } catch (UncheckedIOException | IllegalStateException ex) {
            LOG.warn("Payment gateway {} could not open order {}: {}", gatewayName, orderId, ex.toString());
            throw new KaowuException(ErrorCode.PAYMENT_GATEWAY_UNAVAILABLE, "The payment gateway cannot be reached now; nothing was charged, try again");
        }
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
            Optional<GroupPaymentOrderRecord> group = orders.findGroupOrder(n.merchantOrderId()).filter(o -> o.gateway().equals(gateway));
            if (group.isPresent()) {
                return settledGroup(gateway, n, group.get());
            }
            LOG.warn("Payment gateway {} notified order {} (merchant order {}), which is no payment order here", gateway, n.gatewayOrderId(),
                    n.merchantOrderId());
            return false;
        }
        PaymentOrderRecord order = found.get();
        return settle(gateway, n, () -> {
            PaymentOrderRecord o = store.findOrder(order.id()).orElseThrow();
            return new Settling("order", o.id(), o.region(), o.status(), o.amount(), o.currency(), o.pricedBy(),
                    List.of(new GroupPaymentOrderRecord.Line(o.enrollment(), o.amount())), Optional.of(o.enrollment().toString()), false);
        }, at -> store.settleOrder(order.id(), PaymentOrderRecord.PAID, at));
    }

    /** An order as settlement sees it: one enrollment's (personal) or many's (group), its lines the enrollments and their shares. */
    private record Settling(String label, String id, String region, String status, java.math.BigDecimal amount, String currency, String pricedBy,
            List<GroupPaymentOrderRecord.Line> lines, Optional<String> subject, boolean group) {
    }

    /**
     * A verified PAID notification settles its order and every enrollment in it, once, in one transaction: the
     * order read again inside it, a paid amount that differs or an order that lapsed here audited as a mismatch
     * (the latter once), the order's conditional update ({@code settle}) deciding between concurrent callbacks.
     */
    private boolean settle(String gateway, PaymentGateway.PaymentNotification n, java.util.function.Supplier<Settling> read,
            java.util.function.Predicate<Instant> settle) {
        if (n.state() != PaymentGateway.OrderState.PAID) {
            return false;
        }
        PaymentGateway.Amount paid = n.paidAmount().orElse(n.amount());
        Instant now = clock.instant();
        List<CandidateNoticeService.Pending> told = new java.util.ArrayList<>();
        boolean settled = accounts.atomically(() -> {
            told.clear();
            Settling current = read.get();
            if (PaymentOrderRecord.PAID.equals(current.status())) {
                return false;
            }
            if (paid.value().compareTo(current.amount()) != 0 || !paid.currency().equals(current.currency())) {
                audit.record("platform", "PAYMENT_MISMATCH", current.region(), current.subject(), "REFUSED",
                        Optional.of(current.label() + " " + current.id() + ": paid " + paid.text() + " " + paid.currency() + ", ordered "
                                + current.amount().toPlainString() + " " + current.currency()));
                return false;
            }
            if (PaymentOrderRecord.EXPIRED.equals(current.status())) {
                // reported once, whether by a callback or by reconciliation's second look at lapsed orders
                if (orders.markMismatchReported(current.id(), now)) {
                    audit.record("platform", "PAYMENT_MISMATCH", current.region(), current.subject(), "REFUSED",
                            Optional.of(current.label() + " " + current.id() + ": paid at gateway " + gateway + " but lapsed here"));
                }
                return false;
            }
            if (!settle.test(now)) {
                return false;
            }
            for (GroupPaymentOrderRecord.Line l : current.lines()) {
                enrollmentStore.changeStatus(current.region(), l.enrollment(), EnrollmentStatus.AWAITING_PAYMENT, EnrollmentStatus.PAID, now);
                audit.record("platform", "PAYMENT_SETTLED", current.region(), Optional.of(l.enrollment().toString()), "DONE",
                        Optional.of(current.label() + " " + current.id() + " paid " + paid.text() + " " + paid.currency() + " at " + gateway + " ("
                                + n.gatewayOrderId() + ")" + (current.group() ? " for " + current.lines().size() + " enrollments; this one "
                                        + l.amount().toPlainString() : "") + ", priced by " + current.pricedBy()));
                enrollmentStore.findEnrollment(current.region(), l.enrollment()).flatMap(e -> candidates.findById(current.region(), e.candidate()))
                        .ifPresent(c -> told.add(notices.record(c, org.kaowu.api.CandidateNotices.Kind.PAYMENT_RECEIVED,
                                Optional.of(l.amount().toPlainString() + " " + current.currency()))));
            }
            return true;
        });
        notices.deliver(told);
        return settled;
    }

    /** What the gateway says about an order: empty when it does not know it, null when it cannot be asked. */
    private Optional<PaymentGateway.OrderStatus> ask(String regionCode, String gatewayName, String orderId) {
        Optional<PaymentGateway> gateway = gatewayNamed(regionCode, gatewayName);
        if (gateway.isEmpty()) {
            return null;
        }
        try {
            return gateway.get().queryOrder(orderId);
        } catch (RuntimeException ex) {
            LOG.warn("Payment gateway {} could not be asked about order {}: {}", gatewayName, orderId, ex.toString());
            return null;
        }
    }

    /** An order that lapsed here was paid at the gateway: audited as PAYMENT_MISMATCH once per order (its report time decides). */
    private boolean reportPaidButLapsed(String orderId, String regionCode, Optional<String> enrollment, String gateway, PaymentGateway.OrderStatus there) {
        Instant now = clock.instant();
        return accounts.atomically(() -> {
            if (!orders.markMismatchReported(orderId, now)) {
                return false;
            }
            String paid = there.paidAmount().orElse(there.amount()).text() + " " + there.paidAmount().orElse(there.amount()).currency();
            audit.record("platform", "PAYMENT_MISMATCH", regionCode, enrollment, "REFUSED", Optional.of("order " + orderId + ": paid " + paid
                    + " at gateway " + gateway + " (" + there.gatewayOrderId() + ") but lapsed here"));
            return true;
        });
    }

    // ---- group payment ----

    private StoredStaff groupPoint(String regionCode, String staffToken, String action) {
        SessionTokens.Claims claims = tokens.verify(staffToken, SessionTokens.Kind.STAFF);
        StoredStaff me = accounts.findStaff(claims.region()).filter(st -> st.id().equals(claims.subject()))
                .orElseThrow(() -> new KaowuException(ErrorCode.UNAUTHENTICATED, "The session's staff account no longer exists"));
        if (me.role() != StaffRole.ASSISTANCE_UNIT || me.office().isEmpty() || !me.region().map(regionCode::equals).orElse(false)) {
            throw denied(me, action, regionCode, Optional.empty(), "only a group enrollment point (an assistance unit's account) of region "
                    + regionCode + " pays by group order");
        }
        return me;
    }

    private KaowuException denied(StoredStaff me, String action, String regionCode, Optional<String> subject, String why) {
        accounts.atomically(() -> {
            audit.record("staff:" + me.username(), action, regionCode, subject, "DENIED", Optional.of(why));
            return null;
        });
        return new KaowuException(ErrorCode.FORBIDDEN, "Not allowed: " + why);
    }

    @Override
    public GroupOrder pay(String regionCode, String staffToken, String sittingCode, List<UUID> ids, URI base) {
        ConfirmationDocument.prepareAhead();
        LiveRegion region = live(regionCode);
        StoredStaff me = groupPoint(regionCode, staffToken, "GROUP_PAYMENT");
        String unit = me.office().orElseThrow();
        if (ids == null || ids.isEmpty()) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, "enrollments", "enrollments is required: the ids of the enrollments to pay");
        }
        if (ids.size() > GROUP_ORDER_MAX) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, "enrollments", "At most " + GROUP_ORDER_MAX + " enrollments in one group order");
        }
        if (ids.stream().anyMatch(java.util.Objects::isNull) || new java.util.HashSet<>(ids).size() != ids.size()) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, "enrollments", "enrollments names an enrollment twice, or an empty one");
        }
        Sitting sitting = EnrollmentService.sitting(region, sittingCode);
        EnrollmentRules.open(sitting, region.calendar().dailyLocks(), ZonedDateTime.now(clock.withZone(region.profile().timeZone())));
        List<GroupPaymentOrderRecord.Line> lines = new ArrayList<>();
        for (UUID id : ids) {
            Enrollment e = enrollmentStore.findEnrollment(regionCode, id).orElseThrow(() -> new KaowuException(ErrorCode.ENROLLMENT_NOT_FOUND,
                    "enrollments", "No enrollment " + id + " in region " + regionCode));
            StoredCandidate c = candidates.findById(regionCode, e.candidate()).orElseThrow();
            if (!c.assistanceUnit().map(unit::equals).orElse(false)) {
                throw denied(me, "GROUP_PAYMENT", regionCode, Optional.of(id.toString()), "enrollment " + id
                        + " is of a candidate outside the group enrollment point " + unit);
            }
            if (!e.sitting().equals(sitting.code())) {
                throw new KaowuException(ErrorCode.VALIDATION_FAILED, "enrollments", "Enrollment " + id + " is of sitting " + e.sitting()
                        + ", not " + sitting.code());
            }
            if (e.paymentMethod().filter(m -> m == PaymentMethod.GROUP).isEmpty()) {
                throw new KaowuException(ErrorCode.PAYMENT_METHOD_MISMATCH, "enrollments", "Enrollment " + id
                        + " is not paid by its group enrollment point (payment method " + e.paymentMethod().map(Enum::name).orElse("not chosen") + ")");
            }
            if (e.status() == EnrollmentStatus.DRAFT && e.next() != org.kaowu.api.EnrollmentStep.PAY) {
                throw new KaowuException(ErrorCode.WRONG_STEP, "enrollments", "Enrollment " + id + " is not ready to pay: its next step is " + e.next());
            }
            if (e.status() == EnrollmentStatus.PAID || e.status() == EnrollmentStatus.EXPIRED) {
                throw new KaowuException(ErrorCode.ENROLLMENT_LOCKED, "enrollments", "Enrollment " + id + " is " + e.status());
            }
            EnrollmentPrice price = e.price().orElseGet(() -> enrollments.price(regionCode, id));
            lines.add(new GroupPaymentOrderRecord.Line(id, price.value()));
        }
        EnrollmentPrice any = enrollments.price(regionCode, ids.get(0));
        Map.Entry<String, PaymentGateway> gateway = gatewayFor(regionCode);
        Instant now = clock.instant();
        Instant expires = lapse(region, sitting.code(), now).orElseThrow(() -> new KaowuException(ErrorCode.ENROLLMENT_CLOSED,
                "The enrollment window of sitting " + sitting.code() + " has closed"));
        GroupPaymentOrderRecord order = accounts.atomically(() -> {
            GroupPaymentOrderRecord made = orders.openGroupOrder(new GroupPaymentOrderRecord(UUID.randomUUID().toString(), regionCode, unit,
                    sitting.code(), me.username(), gateway.getKey(), Optional.empty(), Optional.empty(), java.math.BigDecimal.ZERO, any.currency(),
                    any.pricedBy(), PaymentOrderRecord.OPEN, expires, now, Optional.empty(), lines));
            audit.record("staff:" + me.username(), "GROUP_PAYMENT_ORDER", regionCode, Optional.empty(), "DONE", Optional.of("group order "
                    + made.id() + " of " + unit + ": " + made.lines().size() + " enrollments of sitting " + sitting.code() + ", "
                    + made.amount().toPlainString() + " " + made.currency() + " priced by " + made.pricedBy()));
            for (GroupPaymentOrderRecord.Line l : made.lines()) {
                audit.record("staff:" + me.username(), "ENROLLMENT_LOCK_FOR_PAYMENT", regionCode, Optional.of(l.enrollment().toString()), "DONE",
                        Optional.of("group order " + made.id() + ", " + l.amount().toPlainString() + " " + made.currency()));
            }
            return made;
        });
        return groupAnswer(openedGroup(order, base));
    }

    @Override
    public GroupOrder get(String regionCode, String staffToken, String paymentId) {
        live(regionCode);
        StoredStaff me = groupPoint(regionCode, staffToken, "GROUP_PAYMENT_READ");
        GroupPaymentOrderRecord order = orders.findGroupOrder(paymentId).filter(o -> o.region().equals(regionCode)
                && o.assistanceUnit().equals(me.office().orElse(""))).orElseThrow(() -> new KaowuException(ErrorCode.ENROLLMENT_NOT_FOUND,
                        "No group order " + paymentId + " of this group enrollment point"));
        return groupAnswer(order);
    }

    private static GroupOrder groupAnswer(GroupPaymentOrderRecord o) {
        return new GroupOrder(o.id(), o.sitting(), o.assistanceUnit(), o.status(), o.amount(), o.currency(),
                o.payUrl().map(URI::create).orElse(null), o.expiresAt(), o.lines().stream().map(GroupPaymentOrderRecord.Line::enrollment).toList());
    }

    /** The group order as opened at its gateway: opens it there when that did not happen yet. */
    private GroupPaymentOrderRecord openedGroup(GroupPaymentOrderRecord order, URI base) {
        if (!PaymentOrderRecord.OPEN.equals(order.status()) || order.payUrl().isPresent()) {
            return order;
        }
        LOG.info("Opening group payment order {} of {} ({} enrollments) at gateway {}", order.id(), order.assistanceUnit(), order.lines().size(),
                order.gateway());
        PaymentGateway.GatewayOrder g = openAtGateway(order.region(), order.gateway(), order.id(), order.amount(), order.currency(),
                order.expiresAt(), "集体报考费 " + order.assistanceUnit() + " " + order.sitting() + " (" + order.lines().size() + ")", base,
                base.resolve("/office/" + order.region() + "/")); // back to the group enrollment point's desk
        return orders.attachGroupGatewayOrder(order.id(), g.gatewayOrderId(), g.payUrl().toString());
    }

    /** A verified PAID notification of a group order settles it and every enrollment in it, once, in one transaction. */
    private boolean settledGroup(String gateway, PaymentGateway.PaymentNotification n, GroupPaymentOrderRecord order) {
        return settle(gateway, n, () -> {
            GroupPaymentOrderRecord o = orders.findGroupOrder(order.id()).orElseThrow();
            return new Settling("group order", o.id(), o.region(), o.status(), o.amount(), o.currency(), o.pricedBy(), o.lines(), Optional.empty(), true);
        }, at -> orders.settleGroupOrder(order.id(), PaymentOrderRecord.PAID, at));
    }

    /** A group order past its lapse or closed at the gateway (which was asked): the order and its enrollments expire. */
    private boolean expireGroup(GroupPaymentOrderRecord order, Optional<PaymentGateway.OrderStatus> there) {
        Instant now = clock.instant();
        return accounts.atomically(() -> {
            if (!orders.settleGroupOrder(order.id(), PaymentOrderRecord.EXPIRED, now)) {
                return false;
            }
            for (GroupPaymentOrderRecord.Line l : order.lines()) {
                enrollmentStore.changeStatus(order.region(), l.enrollment(), EnrollmentStatus.AWAITING_PAYMENT, EnrollmentStatus.EXPIRED, now);
                audit.record("platform", "PAYMENT_EXPIRED", order.region(), Optional.of(l.enrollment().toString()), "DONE",
                        Optional.of("group order " + order.id() + " lapsed unpaid at " + order.expiresAt()
                                + there.map(x -> " (gateway: " + x.state() + ")").orElse("")));
            }
            return true;
        });
    }

    @Override
    public byte[] confirmation(String regionCode, String token, UUID id) {
        LiveRegion region = live(regionCode);
        Enrollment e = enrollments.own(regionCode, token, id);
        if (e.status() != EnrollmentStatus.PAID) {
            throw new KaowuException(ErrorCode.ENROLLMENT_NOT_PAID, "The confirmation is printed once the enrollment is paid; it is " + e.status());
        }
        StoredCandidate c = candidates.findById(regionCode, e.candidate()).orElseThrow();
        Map.Entry<String, String> paidBy = store.orderOfEnrollment(regionCode, id)
                .map(o -> Map.entry(o.id(), o.amount().toPlainString() + " " + o.currency()))
                .or(() -> orders.groupOrderOfEnrollment(regionCode, id).map(o -> Map.entry(o.id(), o.lines().stream()
                        .filter(l -> l.enrollment().equals(id)).findFirst().orElseThrow().amount().toPlainString() + " " + o.currency())))
                .orElseThrow();
        Sitting sitting = EnrollmentService.sitting(region, e.sitting());
        String area = e.examArea().flatMap(a -> region.profile().examAreas().stream().filter(x -> x.code().equals(a)).findFirst()
                .map(x -> a + " " + zh(x.names()))).orElse("");
        List<ConfirmationDocument.Fact> facts = List.of(
                new ConfirmationDocument.Fact("姓名 Name", c.name()),
                new ConfirmationDocument.Fact("准考证号 Ticket number", c.ticketNumber().orElse("-")),
                new ConfirmationDocument.Fact("考次 Sitting", e.sitting() + " " + zh(sitting.names())),
                new ConfirmationDocument.Fact("考区 Exam area", area),
                new ConfirmationDocument.Fact("缴费金额 Amount paid", paidBy.getValue()),
                new ConfirmationDocument.Fact("订单号 Payment", paidBy.getKey()));
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
        return ConfirmationDocument.shipped().render(new ConfirmationDocument.Content("报考确认单 Enrollment confirmation", facts,
                List.of("课程代码 Code", "课程名称 Course", "专业 Major", "日期 Date", "时间 Time"), List.of(1f, 3f, 1.3f, 1.5f, 1.3f), rows, notes));
    }

    private static String zh(LocalizedText t) {
        return Optional.ofNullable(t.values().get("zh-CN")).orElseGet(() -> t.values().values().stream().findFirst().orElse(""));
    }

    /** The regions that have open orders, personal or group (reconciliation). */
    java.util.Set<String> regionsWithOpenOrders() {
        java.util.Set<String> found = store.ordersIn(PaymentOrderRecord.OPEN).stream().map(PaymentOrderRecord::region)
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        orders.groupOrdersIn(PaymentOrderRecord.OPEN).forEach(o -> found.add(o.region()));
        Instant since = clock.instant().minus(RECHECK_LAPSED);
        orders.lapsedOrdersToRecheck(since).forEach(o -> found.add(o.region()));
        orders.lapsedGroupOrdersToRecheck(since).forEach(o -> found.add(o.region()));
        return found;
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
        // the orders that lapsed before this run (not those it expires): asked again below
        Instant since = now.minus(RECHECK_LAPSED);
        List<PaymentOrderRecord> lapsed = orders.lapsedOrdersToRecheck(since);
        List<GroupPaymentOrderRecord> lapsedGroups = orders.lapsedGroupOrdersToRecheck(since);
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
            } else if (lapsed(order, now) || there.map(x -> x.state() == PaymentGateway.OrderState.CLOSED).orElse(false)) {
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
        for (GroupPaymentOrderRecord order : orders.groupOrdersIn(PaymentOrderRecord.OPEN)) {
            if (!order.region().equals(regionCode)) {
                continue;
            }
            checked++;
            Optional<PaymentGateway.OrderStatus> there = ask(order.region(), order.gateway(), order.id());
            if (there == null) {
                unreachable++;
                continue;
            }
            if (there.isPresent() && there.get().state() == PaymentGateway.OrderState.PAID) {
                PaymentGateway.OrderStatus st = there.get();
                if (settledGroup(order.gateway(), new PaymentGateway.PaymentNotification("reconciliation", order.id(), st.gatewayOrderId(), st.state(),
                        st.amount(), st.paidAmount(), st.paidAt()), order)) {
                    settledCount++;
                } else {
                    mismatches++;
                }
            } else if (!now.isBefore(order.expiresAt()) || windowClosed(order.region(), order.sitting(), now)
                    || there.map(x -> x.state() == PaymentGateway.OrderState.CLOSED).orElse(false)) {
                if (expireGroup(order, there)) {
                    expired++;
                }
            } else if (there.isEmpty() && order.gatewayOrderId().isPresent()) {
                mismatches++;
                accounts.atomically(() -> {
                    audit.record("platform", "PAYMENT_MISMATCH", regionCode, Optional.empty(), "REFUSED",
                            Optional.of("group order " + order.id() + ": gateway " + order.gateway() + " does not know it"));
                    return null;
                });
            }
        }
        // a second look at orders that lapsed here: paid at the gateway all the same is a mismatch, reported once
        for (PaymentOrderRecord order : lapsed) {
            if (order.region().equals(regionCode)) {
                checked++;
                Optional<PaymentGateway.OrderStatus> there = ask(order.region(), order.gateway(), order.id());
                if (there == null) {
                    unreachable++;
                } else if (there.isPresent() && there.get().state() == PaymentGateway.OrderState.PAID
                        && reportPaidButLapsed(order.id(), order.region(), Optional.of(order.enrollment().toString()), order.gateway(), there.get())) {
                    mismatches++;
                }
            }
        }
        for (GroupPaymentOrderRecord order : lapsedGroups) {
            if (order.region().equals(regionCode)) {
                checked++;
                Optional<PaymentGateway.OrderStatus> there = ask(order.region(), order.gateway(), order.id());
                if (there == null) {
                    unreachable++;
                } else if (there.isPresent() && there.get().state() == PaymentGateway.OrderState.PAID
                        && reportPaidButLapsed(order.id(), order.region(), Optional.empty(), order.gateway(), there.get())) {
                    mismatches++;
                }
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
