package org.kaowu.regiondata.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.kaowu.api.Office;
import org.kaowu.api.RegionRefusals;
import org.kaowu.api.RegionReleases;
import org.kaowu.api.rules.AssistanceUnit;
import org.kaowu.api.rules.ExamArea;
import org.kaowu.regiondata.RegionData;
import org.kaowu.regiondata.RegionDataException;
import org.kaowu.regiondata.RegionDataReader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The region extender: for every started bundle with a {@value RegionDataReader#HEADER} header, reads
 * its data files and serves the region from them (see {@link ActiveRegion}); when the bundle stops, the
 * region's services go with it. A bundle is refused, logged with every problem, and affects no other
 * region, when its data break a rule, when its data differ from what the same Bundle-Version served
 * before (the digest on record in the database), or when it drops an office or assistance unit that
 * candidates or staff accounts still name (with the count). A refused update of a bundle that served
 * leaves the data it served before in service, under that version.
 * <p>
 * The component needs the store's {@link RegionReleases}: no region bundle is looked at before the
 * database is open and migrated, so no region can serve unchecked at the first start.
 */
@Component(immediate = true, service = {})
public final class RegionDataExtender implements BundleTrackerCustomizer<Object>, RegionRefusals {
    private static final Logger LOG = LoggerFactory.getLogger(RegionDataExtender.class);
    /** Tracked for a refused bundle with nothing to serve, so that it is not read again until it restarts. */
    private static final Object REFUSED = new Object();

    /** What a bundle served last: its data and the version they came from. */
    private record Served(RegionData data, String version) {
    }

    private final RegionReleases releases;
    /**
     * The data each bundle served last, by bundle id (ids are never reused), to serve again when an update
     * of the bundle is refused.
     */
    private final Map<Long, Served> lastServed = new ConcurrentHashMap<>();
    /** The refusals in force, by bundle id. */
    private final Map<Long, Refusal> refused = new ConcurrentHashMap<>();
    private final BundleContext context;
    private final BundleTracker<Object> tracker;
    /**
     * RegionRefusals, registered by hand once every started region bundle has been read: DS would register
     * it before the constructor runs, and whoever asked for it meanwhile (health) would wait on the reading.
     */
    private final ServiceRegistration<RegionRefusals> registration;

    @Activate
    public RegionDataExtender(BundleContext context,
            @Reference(target = "(component.name=org.kaowu.store.internal.StoreComponent)") RegionReleases releases) {
        this.releases = releases;
        this.context = context;
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, this);
        tracker.open();
        registration = context.registerService(RegionRefusals.class, this, null);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework withdrew it first
        }
        tracker.close();
    }

    @Override
    public Object addingBundle(Bundle bundle, BundleEvent event) {
        String header = bundle.getHeaders("").get(RegionDataReader.HEADER);
        if (header == null) {
            return null;
        }
        String code = header.trim();
        String version = bundle.getVersion().toString();
        long started = System.nanoTime();
        RegionData data;
        String digest;
        try {
            data = RegionDataReader.read(code, bundle::getEntry);
            digest = RegionDataReader.digest(bundle::getEntry);
        } catch (RegionDataException e) {
            refuse(bundle, code, e.messages());
            return fallback(bundle, code);
        } catch (IOException | RuntimeException e) {
            LOG.error("Region {} from {} {} refused: its data could not be read", code, bundle.getSymbolicName(), version, e);
            refused.put(bundle.getBundleId(), new Refusal(code, bundle.getSymbolicName(), version, List.of("its data could not be read: " + e),
                    Optional.empty()));
            return fallback(bundle, code);
        }
        try {
            Optional<String> known = releases.digest(code, version);
            if (known.isPresent() && !known.get().equals(digest)) {
                refuse(bundle, code, List.of(changedUnderOneVersion(version, known.get(), digest)));
                return fallback(bundle, code);
            }
            List<RegionReleases.Reference> stranded = releases.referencesOutside(code, codes(data.offices(), Office::code),
                    codes(data.examAreas(), ExamArea::code), codes(data.assistanceUnits(), AssistanceUnit::code));
            if (!stranded.isEmpty()) {
                refuse(bundle, code, List.of("its data no longer list " + stranded.size() + (stranded.size() == 1 ? " code" : " codes")
                        + " still in use: " + stranded.stream().map(Object::toString).collect(Collectors.joining("; "))
                        + "; keep them in the data (or move those candidates and staff accounts first)"));
                return fallback(bundle, code);
            }
            String recorded = releases.record(code, version, bundle.getSymbolicName(), digest, Instant.now());
            if (!recorded.equals(digest)) {
                refuse(bundle, code, List.of(changedUnderOneVersion(version, recorded, digest)));
                return fallback(bundle, code);
            }
        } catch (RuntimeException e) {
            LOG.error("Region {} from {} {} refused: its data could not be checked against the database", code, bundle.getSymbolicName(),
                    version, e);
            refused.put(bundle.getBundleId(), new Refusal(code, bundle.getSymbolicName(), version,
                    List.of("its data could not be checked against the database: " + e), Optional.empty()));
            return fallback(bundle, code);
        }
        refused.remove(bundle.getBundleId());
        ActiveRegion region = new ActiveRegion(bundle, data, Optional.empty());
        lastServed.put(bundle.getBundleId(), new Served(data, version));
        region.open();
        LOG.debug("Read region {} from {} in {} ms", code, bundle.getSymbolicName(), (System.nanoTime() - started) / 1_000_000);
        return region;
    }

    private static String changedUnderOneVersion(String version, String recorded, String digest) {
        return "its data differ from those version " + version + " served before (SHA-256 on record " + recorded.substring(0, 12)
                + "…, now " + digest.substring(0, 12) + "…); changed rules need a new Bundle-Version";
    }

    private static <T> Set<String> codes(List<T> values, java.util.function.Function<T, String> code) {
        return values.stream().map(code).collect(Collectors.toUnmodifiableSet());
    }

    /** One log line per problem, each naming region, bundle and version (and "n of m" when there are several). */
    private void refuse(Bundle bundle, String code, List<String> problems) {
        refused.put(bundle.getBundleId(), new Refusal(code, bundle.getSymbolicName(), bundle.getVersion().toString(), problems,
                Optional.empty()));
        for (int i = 0; i < problems.size(); i++) {
            LOG.error("Region {} from {} {} refused{}: {}", code, bundle.getSymbolicName(), bundle.getVersion(),
                    problems.size() == 1 ? "" : " (problem " + (i + 1) + " of " + problems.size() + ")", problems.get(i));
        }
    }

    /** The data the bundle served before a refused update, served again under its version; or nothing. */
    private Object fallback(Bundle bundle, String code) {
        Served before = lastServed.get(bundle.getBundleId());
        if (before == null || !before.data().code().equals(code)) {
            return REFUSED;
        }
        LOG.warn("Region {} keeps serving the data of {} {}, the version before the refused one", code, bundle.getSymbolicName(),
                before.version());
        refused.computeIfPresent(bundle.getBundleId(), (id, r) -> new Refusal(r.region(), r.bundle(), r.version(), r.problems(),
                Optional.of(before.version())));
        ActiveRegion region = new ActiveRegion(bundle, before.data(), Optional.of(before.version()));
        region.open();
        return region;
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, Object region) {
        // only the ACTIVE state is tracked; nothing changes while a bundle stays active
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, Object region) {
        refused.remove(bundle.getBundleId());
        if (region instanceof ActiveRegion r) {
            r.close();
        }
    }

    @Override
    public List<Refusal> refusals() {
        return List.copyOf(refused.values());
    }

    @Override
    public List<String> unread() {
        List<String> unread = new java.util.ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getState() == Bundle.ACTIVE && b.getHeaders("").get(RegionDataReader.HEADER) != null && tracker.getObject(b) == null) {
                unread.add(b.getSymbolicName());
            }
        }
        return unread;
    }
}
