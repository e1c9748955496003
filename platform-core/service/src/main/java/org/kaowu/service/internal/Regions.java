package org.kaowu.service.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.kaowu.api.RegionDetails;
import org.kaowu.api.RegionDirectory;
import org.kaowu.api.RegionSummary;
import org.kaowu.spi.RegionProfile;
import org.kaowu.spi.RegionProperties;
import org.kaowu.spi.TicketNumberFormat;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks region services as bundles come and go. For each region and each SPI, the service with the
 * highest {@code service.ranking} wins, so a policy bundle overrides a region's own service while it is
 * installed and the region's own comes back when it is removed.
 * <p>
 * Updating a region bundle withdraws its services and registers the new revision's a moment later. A
 * request that finds its region absent or incomplete within {@link Config#updateGraceMillis()} of a
 * change waits for the change to finish instead of failing, so an update costs a pause, never an error.
 */
@Component(service = {RegionDirectory.class, Regions.class}, configurationPid = "org.kaowu.regions")
@Designate(ocd = Regions.Config.class)
public final class Regions implements RegionDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(Regions.class);

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
    private record Bound<S>(S service, String region, String bundle, String bundleVersion, int ranking, long id) {
        static <S> Bound<S> of(ServiceReference<S> ref, S service) {
            Object ranking = ref.getProperty(org.osgi.framework.Constants.SERVICE_RANKING);
            return new Bound<>(service, Regions.region(ref), ref.getBundle().getSymbolicName(), ref.getBundle().getVersion().toString(),
                    ranking instanceof Integer i ? i : 0, (Long) ref.getProperty(org.osgi.framework.Constants.SERVICE_ID));
        }
    }

    /** Highest ranking first, then the lowest service id, as the framework orders services. */
    private static final Comparator<Bound<?>> PRECEDENCE = Comparator.<Bound<?>>comparingInt(Bound::ranking)
            .thenComparing(Comparator.<Bound<?>>comparingLong(Bound::id).reversed());

    private final ConcurrentMap<ServiceReference<RegionProfile>, Bound<RegionProfile>> profiles = new ConcurrentHashMap<>();
    private final ConcurrentMap<ServiceReference<TicketNumberFormat>, Bound<TicketNumberFormat>> formats = new ConcurrentHashMap<>();
    /** When each region's services last changed (System.nanoTime), guarded by itself. */
    private final Map<String, Long> changed = new java.util.HashMap<>();
    private final long graceNanos;

    @Activate
    public Regions(Config config) {
        this.graceNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(config.updateGraceMillis());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindProfile(ServiceReference<RegionProfile> ref, RegionProfile profile) {
        Bound<RegionProfile> bound = Bound.of(ref, profile);
        profiles.put(ref, bound);
        changed(ref);
        LOG.info("Region {} available from {} {}", bound.region(), bound.bundle(), bound.bundleVersion());
    }

    void unbindProfile(ServiceReference<RegionProfile> ref) {
        Bound<RegionProfile> bound = profiles.remove(ref);
        changed(ref);
        if (bound != null) {
            LOG.info("Region {} withdrawn by {} {}", bound.region(), bound.bundle(), bound.bundleVersion());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindTicketNumberFormat(ServiceReference<TicketNumberFormat> ref, TicketNumberFormat format) {
        formats.put(ref, Bound.of(ref, format));
        changed(ref);
    }

    void unbindTicketNumberFormat(ServiceReference<TicketNumberFormat> ref) {
        formats.remove(ref);
        changed(ref);
    }

    private void changed(ServiceReference<?> ref) {
        String code = region(ref);
        if (code != null) {
            synchronized (changed) {
                changed.put(code, System.nanoTime());
                changed.notifyAll();
            }
        }
    }

    /**
     * The region's winning services, complete (profile and ticket-number format); while the region is
     * changing, waits up to the update grace for it to be complete again. Empty when no region bundle
     * serves that code.
     */
    Optional<LiveRegion> live(String code) {
        Optional<LiveRegion> now = current(code);
        if (now.isPresent() && now.get().ticketNumbers().isPresent()) {
            return now;
        }
        synchronized (changed) {
            Long last = changed.get(code);
            while (last != null) {
                long remaining = last + graceNanos - System.nanoTime();
                now = current(code);
                if ((now.isPresent() && now.get().ticketNumbers().isPresent()) || remaining <= 0) {
                    break;
                }
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(changed, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                last = changed.get(code);
            }
        }
        return current(code);
    }

    /** The region's winning services right now, without waiting. */
    private Optional<LiveRegion> current(String code) {
        return winner(profiles, code).map(p -> new LiveRegion(code, p.service(),
                winner(formats, code).map(Bound::service), p.bundle(), p.bundleVersion()));
    }

    @Override
    public List<RegionSummary> regions() {
        // Regions being replaced right now are waited for, not left out.
        java.util.Set<String> codes = new java.util.TreeSet<>();
        profiles.values().forEach(b -> {
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
        return live(code).flatMap(r -> r.ticketNumbers().map(t -> {
            RegionProfile p = r.profile();
            return new RegionDetails(r.code(), p.names(), r.bundle(), r.bundleVersion(), p.timeZone().getId(), p.locales(),
                    p.identityDocuments(), p.emailRequired(), p.offices(), p.defaultRegistrationOffice(), t.structure());
        }));
    }

    private static <S> Optional<Bound<S>> winner(Map<ServiceReference<S>, Bound<S>> services, String code) {
        return services.values().stream()
                .filter(b -> code.equals(b.region()))
                .max(PRECEDENCE);
    }

    private static String region(ServiceReference<?> ref) {
        Object code = ref.getProperty(RegionProperties.REGION);
        return code instanceof String s ? s : null;
    }
}
