package org.kaowu.spi;

import java.time.Instant;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A CAPTCHA (验证码) a province plugs in: issues challenges and checks their solutions. The platform ships
 * a self-hosted proof of work (no third party, nothing leaves the host); a province registers its own with
 * {@link RegionProperties#REGION} for one region or without it for all, and the highest
 * {@code service.ranking} wins. Its kind must be one the portal can show, or the province's own pages use it.
 */
@ConsumerType
public interface HumanCheck {
    /** A new challenge for {@code purpose} (LOGIN, LOOKUP, RECOVERY) in {@code region}. */
    Challenge challenge(String region, String purpose);

    /**
     * Whether {@code solution} answers a challenge this check issued for that region and purpose that has not
     * expired and was not answered before; a true answer spends it, so the same solution is never true twice,
     * even when asked at once on several threads or nodes.
     */
    boolean verify(String region, String purpose, String solution);

    /** {@code kind} tells the client how to solve it; {@code difficulty} means what the kind says. */
    record Challenge(String kind, String challenge, int difficulty, Instant expiresAt) {
    }
}
