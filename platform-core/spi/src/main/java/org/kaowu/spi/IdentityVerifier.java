package org.kaowu.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An online identity check (ID card image against police records, face check, ID photo against the card),
 * supplied by a plugin at the boundary to the external service. The core calls it when a candidate
 * confirms online, outside any database transaction; it may block for seconds. Registered with
 * {@link RegionProperties#REGION} to serve one region, or without it to serve every region; the highest
 * {@code service.ranking} wins.
 */
@ConsumerType
public interface IdentityVerifier {
    /**
     * @return the verdict; a failed check may be repeated by the candidate
     * @throws java.io.UncheckedIOException when the service cannot be reached (the candidate may retry)
     */
    Verdict verify(IdentityCheck check);

    /** What is checked: the candidate's declared identity and the images they uploaded (already decoded and checked). */
    record IdentityCheck(String region, String name, String idNumber, byte[] idCardImage, byte[] faceImage, byte[] idPhoto) {
    }

    /** The outcome; {@code reason} is shown to the candidate on failure and never holds personal data. */
    record Verdict(boolean passed, String reason, String reference) {
    }
}
