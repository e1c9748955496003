package org.kaowu.service.internal;

import java.util.ArrayList;
import java.util.List;

import org.kaowu.api.HealthReport;
import org.kaowu.api.PlatformHealth;
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
 * UP when every installed bundle is active (fragments resolved) and the database store is offered.
 */
@Component
public final class Health implements PlatformHealth {
    private final BundleContext context;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CandidateStore store;

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
        CandidateStore s = store;
        boolean up = notActive.isEmpty() && s != null;
        return new HealthReport(up ? HealthReport.Status.UP : HealthReport.Status.DOWN,
                bundles.length - notActive.size(), bundles.length, notActive, s == null ? "unavailable" : s.databaseProduct());
    }
}
