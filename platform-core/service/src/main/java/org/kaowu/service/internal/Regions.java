package org.kaowu.service.internal;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.RegionDetails;
import org.kaowu.api.RegionDirectory;
import org.kaowu.api.RegionSummary;
import org.kaowu.api.rules.CalendarStatus;
import org.kaowu.api.rules.SittingDeadlines;
import org.kaowu.spi.Catalogue;
import org.kaowu.spi.ExamCalendar;
import org.kaowu.spi.FeeSchedule;
import org.kaowu.spi.IdentityConfirmation;
import org.kaowu.spi.PasswordRecovery;
import org.kaowu.spi.PhotoPolicy;
import org.kaowu.spi.RegionOutage;
import org.kaowu.spi.RegionProfile;
import org.kaowu.spi.RegionProperties;
import org.kaowu.spi.RegistrationFlow;
import org.kaowu.spi.ScoreValidityPolicy;
import org.kaowu.spi.TicketNumberFormat;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks region services as bundles come and go. For each region and each SPI, the service with the
 * highest {@code service.ranking} wins, so a policy bundle overrides a region's own service while it is
 * installed and the region's own comes back when it is removed. A region is served only when it is
 * complete: one service of every SPI in {@link #SPIS}.
 * <p>
 * Each region is served from one snapshot of its winning services ({@link LiveRegion}), replaced in one
 * step when its services change: a request reads one reference and never waits while the region is
 * complete.
 * <p>
 * Updating a region bundle withdraws its services and registers the new revision's a moment later (the
 * framework stops the bundle before it reads the new jar). Make before break: while that bundle is on its
 * way back (being updated or refreshed, or active and re-registering after a change of its configuration),
 * the region's last complete snapshot keeps serving, up to {@link Config#updateGraceMillis()}, and the new
 * revision's snapshot takes its place in one step once it is complete. So an update costs no pause and no
 * error, and no answer mixes two revisions. The old snapshot is held only when its services outlive their
 * bundle's revision: objects whose class is not the bundle's own (the region-data extender's, for a data
 * bundle). A region whose services are the bundle's own code, or a region stopped or uninstalled, is not
 * held: a request that finds it absent or incomplete within the grace of a change waits for the change to
 * finish instead of failing.
 */
@Component(service = {RegionDirectory.class, Regions.class}, configurationPid = "org.kaowu.regions")
@Designate(ocd = Regions.Config.class)
public final class Regions implements RegionDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(Regions.class);

    /** Every SPI a region must supply; the order is the order of {@link LiveRegion}'s fields. */
    static final List<Class<?>> SPIS = List.of(RegionProfile.class, RegistrationFlow.class, IdentityConfirmation.class,
            ExamCalendar.class, FeeSchedule.class, ScoreValidityPolicy.class, PhotoPolicy.class, PasswordRecovery.class,
            Catalogue.class, TicketNumberFormat.class);

    @ObjectClassDefinition(name = "Kaowu regions")
    public @interface Config {
        @AttributeDefinition(name = "Update grace (ms)", min = "0",
                description = "How long a request waits for a region whose bundle is being replaced before answering that it is not there")
        long updateGraceMillis() default 3000;
    }

    /**
     * A bound region service with what is needed about it, captured at bind time: a ServiceReference
     * must not be asked later, since its service may be unregistered by then (getBundle() is null).
     */
    private record Bound(Object service, String region, String bundle, String bundleVersion, int ranking, long id, long bundleId,
            boolean outlivesBundle) {
        static Bound of(ServiceReference<?> ref, Object service) {
            Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
            // A region that refused an update keeps serving the data of the version before it, and names that version.
            Object dataVersion = ref.getProperty(RegionProperties.DATA_VERSION);
            Bundle own = ref.getBundle();
            String version = dataVersion instanceof String v && !v.isBlank() ? v : own.getVersion().toString();
            // The service's class is not the registering bundle's (a data region's services are the extender's):
            // the object stays usable while that bundle's revision is replaced.
            Bundle implementation = FrameworkUtil.getBundle(service.getClass());
            return new Bound(service, Regions.region(ref), own.getSymbolicName(), version, ranking instanceof Integer i ? i : 0,
                    (Long) ref.getProperty(Constants.SERVICE_ID), own.getBundleId(), implementation == null || !implementation.equals(own));
        }
    }

    /**
     * A region's complete set of winning services, and the bundles behind them. While held (the services of
     * bundle {@code heldFor} were withdrawn and it is on its way back), it keeps serving until the new
     * revision's snapshot replaces it, or until the update has made no progress (no event of that bundle, no
     * service of the region come or gone) for the grace: {@code progressAt} is the last progress.
     */
    private record Snapshot(LiveRegion region, Set<Long> bundles, boolean outlivesBundles, boolean held, long heldFor, String heldBundle,
            long progressAt) {
        Snapshot heldFor(Bound withdrawn) {
            return new Snapshot(region, bundles, outlivesBundles, true, withdrawn.bundleId(), withdrawn.bundle(), System.nanoTime());
        }

        Snapshot progressed() {
            return new Snapshot(region, bundles, outlivesBundles, held, heldFor, heldBundle, System.nanoTime());
        }
    }

    /** Highest ranking first, then the lowest service id, as the framework orders services. */
    private static final Comparator<Bound> PRECEDENCE = Comparator.comparingInt(Bound::ranking)
            .thenComparing(Comparator.comparingLong(Bound::id).reversed());

    private final Map<Class<?>, ConcurrentMap<ServiceReference<?>, Bound>> services = new LinkedHashMap<>();
    /** When each region's services last changed (System.nanoTime), guarded by itself. */
    private final Map<String, Long> changed = new java.util.HashMap<>();
    private final long graceNanos;
    private final Clock clock;
    private ServiceTracker<Object, Object> tracker;
    private BundleContext context;
    /** Each region's current snapshot, replaced in one step on every change of its services. */
    private final ConcurrentMap<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    /** Whether the bundle of this id, whose services were withdrawn, is on its way back. */
    private LongPredicate comingBack;
    /** Synchronous, so that a held snapshot is dropped (or kept) in the same step as the bundle event. */
    private final SynchronousBundleListener bundleEvents = event -> {
        long id = event.getBundle().getBundleId();
        switch (event.getType()) {
            case BundleEvent.UNINSTALLED -> removed(event.getBundle().getSymbolicName());
            default -> {
                // UPDATED, UNRESOLVED, RESOLVED, STARTING, STARTED, STOPPING, STOPPED...: progress, nothing else
            }
        }
        synchronized (changed) {
            // the update of a held region's bundle is progressing: its hold runs from now
            snapshots.replaceAll((code, s) -> s.held() && s.heldFor() == id ? s.progressed() : s);
            changed.notifyAll();
        }
    };
    /** Regions installed but out of service, as their extender says: service -> (region, reason). */
    private final ConcurrentMap<ServiceReference<?>, Map.Entry<String, String>> outages = new ConcurrentHashMap<>();
    /** The bundle whose services of each region were withdrawn last, guarded by {@link #changed}. */
    private final Map<String, String> lastProvider = new java.util.HashMap<>();

    Regions(long graceMillis, Clock clock, LongPredicate comingBack) {
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMillis);
        this.clock = clock;
        this.comingBack = comingBack;
        SPIS.forEach(type -> services.put(type, new ConcurrentHashMap<>()));
    }

    @Activate
    public Regions(Config config, @Reference Clock clock, BundleContext context) throws InvalidSyntaxException {
        this(config.updateGraceMillis(), clock, null);
        comingBack = id -> onItsWayBack(context, id);
        StringBuilder filter = new StringBuilder("(&(" + RegionProperties.REGION + "=*)(|");
        SPIS.forEach(type -> filter.append("(").append(Constants.OBJECTCLASS).append("=").append(type.getName()).append(")"));
        Filter f = FrameworkUtil.createFilter(filter.append("))").toString());
        tracker = new ServiceTracker<>(context, f, null) {
            @Override
            public Object addingService(ServiceReference<Object> ref) {
                Object service = context.getService(ref);
                if (service != null) {
                    types(ref).forEach(type -> bind(type, ref, service));
                }
                return service;
            }

            @Override
            public void removedService(ServiceReference<Object> ref, Object service) {
                types(ref).forEach(type -> unbind(type, ref));
                context.ungetService(ref);
            }
        };
        this.context = context;
        context.addBundleListener(bundleEvents);
        tracker.open();
    }

    /**
     * The bundle is still meant to run: installed and persistently started. An update or a refresh stops a
     * bundle transiently and starts it again (its persistent start stays), while an operator's stop records
     * that it is stopped, before its services go.
     */
    private static boolean onItsWayBack(BundleContext context, long id) {
        Bundle b = context.getBundle(id);
        return b != null && b.getState() != Bundle.UNINSTALLED && b.adapt(BundleStartLevel.class).isPersistentlyStarted();
    }

    @Deactivate
    void deactivate() {
        if (context != null) {
            context.removeBundleListener(bundleEvents);
        }
        if (tracker != null) {
            tracker.close();
        }
    }

    /**
     * A region bundle was uninstalled (deleted from deploy/), not updated: its regions that have no
     * services left are gone now, without waiting out the update grace.
     */
    void removed(String bundle) {
        synchronized (changed) {
            snapshots.values().removeIf(s -> s.held() && s.heldBundle().equals(bundle));
            lastProvider.entrySet().removeIf(e -> {
                if (e.getValue().equals(bundle) && current(e.getKey()).isEmpty() && services.get(RegionProfile.class).values().stream()
                        .noneMatch(b -> e.getKey().equals(b.region()))) {
                    changed.remove(e.getKey());
                    LOG.info("Region {} removed with bundle {}", e.getKey(), bundle);
                    return true;
                }
                return false;
            });
            changed.notifyAll();
        }
    }

    @Reference(service = RegionOutage.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindOutage(RegionOutage outage, ServiceReference<RegionOutage> ref) {
        String code = region(ref);
        if (code != null) {
            outages.put(ref, Map.entry(code, outage.reason()));
            LOG.warn("Region {} is out of service: {}", code, outage.reason());
            changed(code);
        }
    }

    void unbindOutage(ServiceReference<RegionOutage> ref) {
        Map.Entry<String, String> gone = outages.remove(ref);
        if (gone != null) {
            changed(gone.getKey());
        }
    }

    /**
     * Why region {@code code} is installed but cannot be served right now: its extender said so, or it has
     * a profile but lacks another service it needs. Empty when it is served or not installed at all.
     */
    Optional<String> outOfService(String code) {
        Optional<String> said = outages.values().stream().filter(e -> e.getKey().equals(code)).map(Map.Entry::getValue).findFirst();
        if (said.isPresent() || current(code).isPresent()) {
            return said;
        }
        if (services.get(RegionProfile.class).values().stream().noneMatch(b -> code.equals(b.region()))) {
            return Optional.empty();
        }
        List<String> missing = SPIS.stream().filter(t -> services.get(t).values().stream().noneMatch(b -> code.equals(b.region())))
                .map(Class::getSimpleName).toList();
        return Optional.of("no " + String.join(", ", missing) + " service");
    }

    /** Every installed region that cannot be served right now, with the reason, by code. */
    Map<String, String> outOfService() {
        java.util.Set<String> codes = new java.util.TreeSet<>();
        outages.values().forEach(e -> codes.add(e.getKey()));
        services.get(RegionProfile.class).values().forEach(b -> {
            if (b.region() != null) {
                codes.add(b.region());
            }
        });
        Map<String, String> result = new LinkedHashMap<>();
        codes.forEach(code -> outOfService(code).ifPresent(reason -> result.put(code, reason)));
        return result;
    }

    private static List<Class<?>> types(ServiceReference<?> ref) {
        List<String> names = List.of((String[]) ref.getProperty(Constants.OBJECTCLASS));
        return SPIS.stream().filter(t -> names.contains(t.getName())).toList();
    }

    void bind(Class<?> type, ServiceReference<?> ref, Object service) {
        if (!type.isInstance(service)) {
            LOG.warn("Ignoring a {} service of bundle {} that does not implement it (a different SPI version?)", type.getSimpleName(),
                    ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName());
            return;
        }
        Bound bound = Bound.of(ref, service);
        services.get(type).put(ref, bound);
        renew(bound, false);
        changed(bound.region());
        if (type == RegionProfile.class) {
            LOG.info("Region {} available from {} {}", bound.region(), bound.bundle(), bound.bundleVersion());
        } else if (bound.ranking() != 0) {
            LOG.info("Region {}: {} from {} {} (ranking {})", bound.region(), type.getSimpleName(), bound.bundle(), bound.bundleVersion(),
                    bound.ranking());
        }
    }

    void unbind(Class<?> type, ServiceReference<?> ref) {
        Bound bound = services.get(type).remove(ref);
        if (bound != null) {
            renew(bound, true);
            changed(bound.region());
            if (bound.region() != null) {
                synchronized (changed) {
                    lastProvider.put(bound.region(), bound.bundle());
                }
            }
            if (type == RegionProfile.class) {
                LOG.info("Region {} withdrawn by {} {}", bound.region(), bound.bundle(), bound.bundleVersion());
            } else if (bound.ranking() != 0) {
                LOG.info("Region {}: {} of {} {} withdrawn", bound.region(), type.getSimpleName(), bound.bundle(), bound.bundleVersion());
            }
        }
    }

    private void changed(String code) {
        if (code != null) {
            synchronized (changed) {
                changed.put(code, System.nanoTime());
                changed.notifyAll();
            }
        }
    }

    /**
     * The region's winning services, complete; while the region is changing, waits up to the update grace
     * for it to be complete again. Empty when no region of that code is installed.
     *
     * @throws KaowuException REGION_OUT_OF_SERVICE when the region is installed but cannot be served
     */
    Optional<LiveRegion> live(String code) {
        Optional<LiveRegion> r = await(code);
        if (r.isEmpty()) {
            Optional<String> reason = outOfService(code);
            if (reason.isPresent()) {
                throw new KaowuException(ErrorCode.REGION_OUT_OF_SERVICE, "Region " + code + " is installed but out of service; "
                        + "its operators see why in /api/v1/health and the log");
            }
        }
        return r;
    }

    private Optional<LiveRegion> await(String code) {
        Optional<LiveRegion> now = current(code);
        if (now.isPresent()) {
            return now;
        }
        synchronized (changed) {
            Long last = changed.get(code);
            while (last != null) {
                long remaining = last + graceNanos - System.nanoTime();
                now = current(code);
                if (now.isPresent() || remaining <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(changed, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                last = changed.get(code);
            }
        }
        return current(code);
    }

    /**
     * A service of {@code bound}'s region came or went: its snapshot is computed again and replaced in one
     * step. When the region is incomplete because {@code bound}'s bundle withdrew its services, the last
     * snapshot is held (see the class comment) when its services outlive their bundle's revision.
     */
    private void renew(Bound bound, boolean withdrawn) {
        String code = bound.region();
        if (code == null) {
            return;
        }
        synchronized (changed) {
            Optional<Snapshot> now = compute(code);
            Snapshot before = snapshots.get(code);
            if (now.isPresent()) {
                snapshots.put(code, now.get());
            } else if (before != null && before.held()) {
                // still held: the new revision's services are arriving, or more of the old ones leaving
                snapshots.put(code, before.progressed());
            } else if (withdrawn && before != null && before.outlivesBundles() && before.bundles().contains(bound.bundleId())) {
                snapshots.put(code, before.heldFor(bound));
            } else {
                snapshots.remove(code);
            }
        }
    }

    /** The region's winning services as bound now, complete, or empty. */
    private Optional<Snapshot> compute(String code) {
        Object[] winners = new Object[SPIS.size()];
        Map<String, String> providers = new LinkedHashMap<>();
        Set<Long> bundles = new java.util.HashSet<>();
        boolean outlive = true;
        Bound profile = null;
        for (int i = 0; i < SPIS.size(); i++) {
            Optional<Bound> w = services.get(SPIS.get(i)).values().stream().filter(b -> code.equals(b.region())).max(PRECEDENCE);
            if (w.isEmpty()) {
                return Optional.empty();
            }
            winners[i] = w.get().service();
            providers.put(SPIS.get(i).getSimpleName(), w.get().bundle() + " " + w.get().bundleVersion());
            bundles.add(w.get().bundleId());
            outlive &= w.get().outlivesBundle();
            if (i == 0) {
                profile = w.get();
            }
        }
        LiveRegion region = new LiveRegion(code, (RegionProfile) winners[0], (RegistrationFlow) winners[1], (IdentityConfirmation) winners[2],
                (ExamCalendar) winners[3], (FeeSchedule) winners[4], (ScoreValidityPolicy) winners[5], (PhotoPolicy) winners[6],
                (PasswordRecovery) winners[7], (Catalogue) winners[8], (TicketNumberFormat) winners[9], profile.bundle(),
                profile.bundleVersion(), java.util.Collections.unmodifiableMap(providers));
        return Optional.of(new Snapshot(region, Set.copyOf(bundles), outlive, false, -1, "", 0));
    }

    /**
     * The region's snapshot right now, without waiting; empty unless complete, or held for a bundle on its
     * way back within the grace.
     */
    private Optional<LiveRegion> current(String code) {
        Snapshot s = snapshots.get(code);
        if (s == null) {
            return Optional.empty();
        }
        if (s.held() && (System.nanoTime() - s.progressAt() >= graceNanos || !comingBack.test(s.heldFor()))) {
            return Optional.empty();
        }
        return Optional.of(s.region());
    }

    @Override
    public List<RegionSummary> regions() {
        // Regions being replaced right now are waited for, not left out.
        java.util.Set<String> codes = new java.util.TreeSet<>();
        services.get(RegionProfile.class).values().forEach(b -> {
            if (b.region() != null) {
                codes.add(b.region());
            }
        });
        codes.addAll(snapshots.keySet());
        synchronized (changed) {
            long now = System.nanoTime();
            changed.forEach((code, at) -> {
                if (now - at < graceNanos) {
                    codes.add(code);
                }
            });
        }
        return codes.stream()
                .flatMap(code -> await(code).stream())
                .map(r -> new RegionSummary(r.code(), r.profile().names(), r.bundleVersion()))
                .toList();
    }

    @Override
    public Optional<RegionDetails> region(String code) {
        return live(code).map(r -> details(r, clock));
    }

    /** The region's current state of the calendar at the platform clock's now, in the region's zone. */
    static CalendarStatus status(LiveRegion r, Clock clock) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(r.profile().timeZone()));
        return CalendarStatus.of(now, r.calendar().sittings(), r.calendar().dailyLocks());
    }

    private static RegionDetails details(LiveRegion r, Clock clock) {
        RegionProfile p = r.profile();
        ExamCalendar c = r.calendar();
        List<SittingDeadlines> deadlines = c.sittings().stream()
                .map(s -> SittingDeadlines.of(s, c.deadlines(), c.workingDays())).toList();
        return new RegionDetails(r.code(), p.names(), r.bundle(), r.bundleVersion(), p.timeZone().getId(), p.locales(),
                p.identityDocuments(), p.emailRequired(), p.offices(), p.defaultRegistrationOffice(), r.ticketNumbers().structure(),
                p.examAreas(), p.examLanguages(), p.assistanceUnits(), p.messages(), r.flow().flow(), r.confirmation().methods(), r.recovery().recovery(),
                new RegionDetails.Calendar(c.sittings(), c.dailyLocks(), c.workingDays(), c.deadlines(), deadlines, status(r, clock)),
                r.fees().fees(), r.scoreValidity().validity(), r.photo().requirements(), r.catalogue().catalogue(), r.providers());
    }

    private static String region(ServiceReference<?> ref) {
        Object code = ref.getProperty(RegionProperties.REGION);
        return code instanceof String s ? s : null;
    }
}
