package org.kaowu.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the platform's database says about the region versions it has served, so that a new version of a
 * region's data can be checked against it before it serves: the digest of the data each (region, bundle
 * version) served, since rules that applied to someone must stay traceable to a version, and the offices,
 * exam areas and assistance units that candidates and staff accounts name, since a version that drops one
 * of them would strand them. Offered by the store.
 */
@ProviderType
public interface RegionReleases {
    /** The digest of the data that {@code bundleVersion} of {@code region} served, if it has served. */
    Optional<String> digest(String region, String bundleVersion);

    /**
     * Records that {@code bundleVersion} of {@code region} (from bundle {@code bundle}) serves data with
     * {@code digest}, unless that version is on record already.
     *
     * @return the digest on record for the version after the call: {@code digest}, or the one recorded
     *         before (by this node or another)
     */
    String record(String region, String bundleVersion, String bundle, String digest, Instant at);

    /**
     * The codes that candidates or staff accounts of {@code region} name but the given sets do not hold,
     * each with how many candidates and staff accounts name it; empty when every reference is among them.
     */
    List<Reference> referencesOutside(String region, Set<String> offices, Set<String> examAreas, Set<String> assistanceUnits);

    /** A code named by {@code candidates} candidates and {@code staff} staff accounts. */
    record Reference(Kind kind, String code, long candidates, long staff) {
        /** What the code is. */
        public enum Kind { OFFICE, EXAM_AREA, ASSISTANCE_UNIT }

        @Override
        public String toString() {
            String what = switch (kind) {
                case OFFICE -> "office";
                case EXAM_AREA -> "exam area";
                case ASSISTANCE_UNIT -> "assistance unit";
            };
            return what + " " + code + " (" + candidates + (candidates == 1 ? " candidate" : " candidates") + ", " + staff
                    + (staff == 1 ? " staff account" : " staff accounts") + ")";
        }
    }
}
