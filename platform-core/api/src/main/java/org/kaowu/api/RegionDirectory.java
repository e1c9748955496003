package org.kaowu.api;

import java.util.List;
import java.util.Optional;

/**
 * The regions installed right now, read from live region services: installing, updating or removing a
 * region bundle changes the answer without a restart.
 */
@org.osgi.annotation.versioning.ProviderType
public interface RegionDirectory {
    List<RegionSummary> regions();

    Optional<RegionDetails> region(String code);
}
