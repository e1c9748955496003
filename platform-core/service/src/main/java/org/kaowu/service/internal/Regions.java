package org.kaowu.service.internal;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

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
import org.kaowu.spi.RegionProfile;
import org.kaowu.spi.RegionProperties;
import org.kaowu.spi.RegistrationFlow;
import org.kaowu.spi.ScoreValidityPolicy;
import org.kaowu.spi.TicketNumberFormat;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
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
 * Updating a region bundle withdraws its services and registers the new revision's a moment later. A
 * request that finds its region absent or incomplete within {@link Config#updateGraceMillis()} of a
 * change waits for the change to finish instead of failing, so an update costs a pause, never an error.
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
    private record Bound(Object service, String region, String bundle, String bundleVersion, int ranking, long id) {
        static Bound of(ServiceReference<?> ref, Object service) {
            Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
            // A region that refused an update keeps serving the data of the version before it, and names that version.
            Object dataVersion = ref.getProperty(RegionProperties.DATA_VERSION);
            String version = dataVersion instanceof String v && !v.isBlank() ? v : ref.getBundle().getVersion().toString();
            return new Bound(service, Regions.region(ref), ref.getBundle().getSymbolicName(), version,
                    ranking instanceof Integer i ? i : 0, (Long) ref.getProperty(Constants.SERVICE_ID));
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
    private final org.osgi.framework.BundleListener uninstalls = event -> {
        if (event.getType() == org.osgi.framework.BundleEvent.UNINSTALLED) {
            removed(event.getBundle().getSymbolicName());
        }
    };
    /** The bundle whose services of each region were withdrawn last, guarded by {@link #changed}. */
    private final Map<String, String> lastProvider = new java.util.HashMap<>();

    Regions(long graceMillis, Clock clock) {
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMillis);
        this.clock = clock;
        SPIS.forEach(type -> services.put(type, new ConcurrentHashMap<>()));
    }

    @Activate
    public Regions(Config config, @Reference Clock clock, BundleContext context) throws InvalidSyntaxException {
        this(config.updateGraceMillis(), clock);
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
        tracker.open();
        this.context = context;
        context.addBundleListener(uninstalls);
    }

    @Deactivate
    void deactivate() {
        if (context != null) {
            context.removeBundleListener(uninstalls);
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
     * for it to be complete again. Empty when no complete region serves that code.
     */
    Optional<LiveRegion> live(String code) {
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

    /** The region's winning services right now, without waiting; empty unless complete. */
    private Optional<LiveRegion> current(String code) {
        Object[] winners = new Object[SPIS.size()];
        Map<String, String> providers = new LinkedHashMap<>();
        Bound profile = null;
        for (int i = 0; i < SPIS.size(); i++) {
            Optional<Bound> w = services.get(SPIS.get(i)).values().stream().filter(b -> code.equals(b.region())).max(PRECEDENCE);
            if (w.isEmpty()) {
                return Optional.empty();
            }
            winners[i] = w.get().service();
            providers.put(SPIS.get(i).getSimpleName(), w.get().bundle() + " " + w.get().bundleVersion());
            if (i == 0) {
                profile = w.get();
            }
        }
        return Optional.of(new LiveRegion(code, (RegionProfile) winners[0], (RegistrationFlow) winners[1], (IdentityConfirmation) winners[2],
                (ExamCalendar) winners[3], (FeeSchedule) winners[4], (ScoreValidityPolicy) winners[5], (PhotoPolicy) winners[6],
                (PasswordRecovery) winners[7], (Catalogue) winners[8], (TicketNumberFormat) winners[9], profile.bundle(),
                profile.bundleVersion(), providers));
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
        synchronized (changed) {
            long now = System.nanoTime();
            changed.forEach((code, at) -> {
                if (now - at < graceNanos) {
                    codes.add(code);
                }
            });
        }
        return codes.stream()
                .flatMap(code -> live(code).stream())
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
