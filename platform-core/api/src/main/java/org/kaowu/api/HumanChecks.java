package org.kaowu.api;

import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The CAPTCHA (验证码) where the regions' systems have one: before a returning candidate's login, a
 * ticket-number lookup and a password recovery, the client asks for a challenge and sends its solution
 * with the request. The challenge comes from the winning {@code org.kaowu.spi.HumanCheck} (a province may
 * plug its own; the platform's default is a proof of work that needs no third party). A solution answers
 * one challenge of that region and purpose, once.
 */
@ProviderType
public interface HumanChecks {
    /** What a challenge is for: a solution for one purpose is refused for another. */
    enum Purpose {
        LOGIN, LOOKUP, RECOVERY
    }

    /** A challenge to solve: {@code kind} tells the client how (e.g. "pow-sha256"), {@code difficulty} is kind-specific. */
    record Challenge(String kind, String challenge, int difficulty, Instant expiresAt) {
    }

    /** @throws KaowuException REGION_NOT_FOUND, NOT_OFFERED when no human check is installed */
    Challenge issue(String region, Purpose purpose);

    /**
     * Spends {@code solution} (at most once, across nodes sharing the database).
     *
     * @throws KaowuException HUMAN_CHECK_FAILED when it is missing, wrong, expired, for another region or
     *         purpose, or used before
     */
    void require(String region, Purpose purpose, Optional<String> solution);
}
