package org.kaowu.api;

import org.osgi.annotation.versioning.ProviderType;

/** Computes the platform's {@link HealthReport}. */
@ProviderType
public interface PlatformHealth {
    HealthReport check();
}
