package org.kaowu.spi;

/**
 * Service property names that form the extension language between the core and region bundles.
 */
public final class RegionProperties {
    /** The region code a service belongs to: lower-case ASCII letters and digits, the same for all its services. */
    public static final String REGION = "kaowu.region";

    /**
     * The version of the region bundle whose data a service serves, when that is not the registering
     * bundle's own version: after an update that was refused, the region keeps serving the data of the
     * version before it, and says so.
     */
    public static final String DATA_VERSION = "kaowu.region.data.version";

    private RegionProperties() {
    }
}
