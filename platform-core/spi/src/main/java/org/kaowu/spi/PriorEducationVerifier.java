package org.kaowu.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks an associate diploma against the national higher-education records (学信网), supplied by a plugin
 * at the boundary to that service. The core calls it when an associate-to-bachelor candidate gives their
 * diploma number, outside any database transaction. Registered with {@link RegionProperties#REGION} for
 * one region or without it for all; the highest {@code service.ranking} wins.
 */
@ConsumerType
public interface PriorEducationVerifier {
    /**
     * @throws java.io.UncheckedIOException when the records cannot be reached (the candidate may retry)
     */
    IdentityVerifier.Verdict verify(EducationCheck check);

    /** The candidate's declared identity and the diploma number to find. */
    record EducationCheck(String region, String name, String idNumber, String diplomaNumber) {
    }
}
