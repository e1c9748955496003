package org.kaowu.api;

import java.util.List;

/**
 * The platform's health: UP once every platform bundle is active and the database is reachable.
 */
public record HealthReport(Status status, int activeBundles, int totalBundles, List<String> notActive, String database) {
    public enum Status { UP, DOWN }

    public HealthReport {
        notActive = List.copyOf(notActive);
    }
}
