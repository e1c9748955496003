package org.kaowu.service.internal;

import java.util.ArrayList;
import java.util.List;

import org.kaowu.api.HealthReport;
import org.kaowu.api.PlatformHealth;
import org.kaowu.api.RegionRefusals;
import org.kaowu.store.CandidateStore;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * UP when every installed bundle is active (fragments resolved), the database store is offered, and the
 * region extender has read every started region bundle (regions are served only once the database is
 * ready, a moment after their bundles start; an unread one is listed among those not active).
 */
@Component
public final class Health implements PlatformHealth {
    private final BundleContext context;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CandidateStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RegionRefusals regions;

    @Activate
    public Health(BundleContext context) {
        this.context = context;
    }

    @Override
    public HealthReport check() {
        Bundle[] bundles = context.getBundles();
        List<String> notActive = new ArrayList<>();
        for (Bundle b : bundles) {
            boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                notActive.add(b.getSymbolicName());
            }
        }
        int active = bundles.length - notActive.size();
        RegionRefusals r = regions;
        notActive.addAll(r == null ? List.of("org.kaowu.region-data") : r.unread());
        CandidateStore s = store;
        boolean up = notActive.isEmpty() && s != null;
        return new HealthReport(up ? HealthReport.Status.UP : HealthReport.Status.DOWN,
                active, bundles.length, notActive, s == null ? "unavailable" : s.databaseProduct());
    }
}
