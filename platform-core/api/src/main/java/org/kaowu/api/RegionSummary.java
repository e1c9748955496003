package org.kaowu.api;

/**
 * An installed region as listed by {@code GET /api/v1/regions}: its code, its names and the version of
 * the bundle that serves it.
 */
public record RegionSummary(String code, LocalizedText names, String bundleVersion) {
}
