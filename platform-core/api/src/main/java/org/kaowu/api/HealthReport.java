package org.kaowu.api;

import java.util.List;
import java.util.Map;

/**
 * The platform's health: UP once every platform bundle is active and the database is reachable;
 * DEGRADED when it is up but an installed region is out of service ({@code regionsOutOfService}, with
 * the reason by region code). {@code simulated} lists the simulated providers that are installed (bundle
 * and service), with whether conf/ lets them serve.
 */
public record HealthReport(Status status, int activeBundles, int totalBundles, List<String> notActive, String database,
        Map<String, String> regionsOutOfService, List<SimulatedProvider> simulated) {
    public enum Status { UP, DOWN, DEGRADED }

    /** A provider that only simulates a real service; {@code serving} is false while conf/ does not allow simulators. */
    public record SimulatedProvider(String bundle, String service, boolean serving) {
    }

    public HealthReport {
        notActive = List.copyOf(notActive);
        regionsOutOfService = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(regionsOutOfService));
        simulated = List.copyOf(simulated);
    }

    public HealthReport(Status status, int activeBundles, int totalBundles, List<String> notActive, String database) {
        this(status, activeBundles, totalBundles, notActive, database, Map.of(), List.of());
    }
}
