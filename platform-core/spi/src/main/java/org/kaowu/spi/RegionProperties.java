package org.kaowu.spi;

/**
 * Service property names that form the extension language between the core and region bundles.
 */
public final class RegionProperties {
    /** The region code a service belongs to: lower-case ASCII letters and digits, the same for all its services. */
    public static final String REGION = "kaowu.region";

    private RegionProperties() {
    }
}
