package org.kaowu.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registered, with {@value RegionProperties#REGION}, by the core's region extender while a region is
 * installed but cannot be served (e.g. its deployment configuration was refused and it never had a good
 * one): the platform then answers the region's calls with "out of service" and health says why, instead
 * of treating the region as absent.
 */
@ProviderType
public interface RegionOutage {
    /** Why the region is out of service, for operators (names the configuration property at fault). */
    String reason();
}
