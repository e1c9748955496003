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
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks region services as bundles come and go. For each region and each SPI, the service with the
 * highest {@code service.ranking} wins, so a policy bundle overrides a region's own service while it is
 * installed and the region's own comes back when it is removed.
 */
@Component(service = {RegionDirectory.class, Regions.class})
public final class Regions implements RegionDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(Regions.class);

    private final ConcurrentMap<ServiceReference<RegionProfile>, RegionProfile> profiles = new ConcurrentHashMap<>();
    private final ConcurrentMap<ServiceReference<TicketNumberFormat>, TicketNumberFormat> formats = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindProfile(ServiceReference<RegionProfile> ref, RegionProfile profile) {
        profiles.put(ref, profile);
        LOG.info("Region {} available from {} {}", region(ref), ref.getBundle().getSymbolicName(), ref.getBundle().getVersion());
    }

    void unbindProfile(ServiceReference<RegionProfile> ref) {
        profiles.remove(ref);
        LOG.info("Region {} withdrawn by {}", region(ref), ref.getBundle().getSymbolicName());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindTicketNumberFormat(ServiceReference<TicketNumberFormat> ref, TicketNumberFormat format) {
        formats.put(ref, format);
    }

    void unbindTicketNumberFormat(ServiceReference<TicketNumberFormat> ref) {
        formats.remove(ref);
    }

    /** The region's winning services right now, or empty when no region bundle serves that code. */
    Optional<LiveRegion> live(String code) {
        return winner(profiles, code).map(p -> {
            ServiceReference<RegionProfile> ref = p.getKey();
            return new LiveRegion(code, p.getValue(), winner(formats, code).map(Map.Entry::getValue),
                    ref.getBundle().getSymbolicName(), ref.getBundle().getVersion().toString());
        });
    }

    @Override
    public List<RegionSummary> regions() {
        return profiles.keySet().stream()
                .map(Regions::region)
                .filter(code -> code != null)
                .distinct()
                .sorted()
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

    private static <S> Optional<Map.Entry<ServiceReference<S>, S>> winner(Map<ServiceReference<S>, S> services, String code) {
        // ServiceReference order: higher service.ranking first, then lower service.id.
        return services.entrySet().stream()
                .filter(e -> code.equals(region(e.getKey())))
                .max(Comparator.comparing(Map.Entry::getKey));
    }

    private static String region(ServiceReference<?> ref) {
        Object code = ref.getProperty(RegionProperties.REGION);
        return code instanceof String s ? s : null;
    }
}
