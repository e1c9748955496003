package org.kaowu.regiondata.internal;

import org.kaowu.regiondata.RegionData;
import org.kaowu.regiondata.RegionDataException;
import org.kaowu.regiondata.RegionDataReader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The region extender: for every started bundle with a {@value RegionDataReader#HEADER} header, reads
 * its data files and serves the region from them (see {@link ActiveRegion}); when the bundle stops, the
 * region's services go with it. A bundle whose data breaks a rule is refused, logged once with file, line
 * and problem, and affects no other region.
 */
@Component(immediate = true)
public final class RegionDataExtender implements BundleTrackerCustomizer<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(RegionDataExtender.class);
    /** Tracked for a refused bundle, so that it is not read again until it restarts. */
    private static final Object REFUSED = new Object();

    private final BundleTracker<Object> tracker;

    @Activate
    public RegionDataExtender(BundleContext context) {
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, this);
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    @Override
    public Object addingBundle(Bundle bundle, BundleEvent event) {
        String code = bundle.getHeaders("").get(RegionDataReader.HEADER);
        if (code == null) {
            return null;
        }
        long started = System.nanoTime();
        RegionData data;
        try {
            data = RegionDataReader.read(code.trim(), bundle::getEntry);
        } catch (RegionDataException e) {
            LOG.error("Region {} from {} {} refused: {}", code, bundle.getSymbolicName(), bundle.getVersion(), e.getMessage());
            return REFUSED;
        } catch (RuntimeException e) {
            LOG.error("Region {} from {} {} refused: its data could not be read", code, bundle.getSymbolicName(), bundle.getVersion(), e);
            return REFUSED;
        }
        ActiveRegion region = new ActiveRegion(bundle, data);
        region.open();
        LOG.debug("Read region {} from {} in {} ms", code, bundle.getSymbolicName(), (System.nanoTime() - started) / 1_000_000);
        return region;
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, Object region) {
        // only the ACTIVE state is tracked; nothing changes while a bundle stays active
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, Object region) {
        if (region instanceof ActiveRegion r) {
            r.close();
        }
    }
}
