package org.kaowu.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the region extender made of the started region bundles: the ones it refused (with every problem,
 * as logged) and whether it has read them all. Health is UP only once every started region bundle has
 * been read, since a region that is served only after the database is ready would otherwise be missing
 * for a moment after "UP". Offered by the region extender while it runs.
 */
@ProviderType
public interface RegionRefusals {
    /** The refusals in force: region bundles that serve nothing of their own data, newest last. */
    List<Refusal> refusals();

    /** The symbolic names of started region bundles not read yet; empty once every one is served or refused. */
    List<String> unread();

    /**
     * One refused region bundle and why.
     *
     * @param servingVersion the version whose data the region keeps serving instead, empty when none
     */
    record Refusal(String region, String bundle, String version, List<String> problems, java.util.Optional<String> servingVersion) {
        public Refusal {
            problems = List.copyOf(problems);
        }
    }
}
