package org.kaowu.service.internal.humancheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class ProofOfWorkTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private static ProofOfWork at(Instant now, int difficulty) {
        return new ProofOfWork(KEY, difficulty, Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aSolvedChallengeHoldsForItsRegionAndPurposeOnly() {
        ProofOfWork pow = at(T0, 12);
        ProofOfWork.Issued c = pow.issue("testregion", "LOGIN");
        String solution = ProofOfWork.solve(c.challenge(), c.difficulty());
        assertThat(pow.check("testregion", "LOGIN", solution)).get().satisfies(v -> {
            assertThat(v.id()).isEqualTo(c.id());
            assertThat(v.expiresAt()).isEqualTo(T0.plusSeconds(300));
        });
        assertThat(pow.check("lakeland", "LOGIN", solution)).isEmpty();
        assertThat(pow.check("testregion", "LOOKUP", solution)).isEmpty();
    }

    @Test
    void noWorkTamperingOrExpiryFails() {
        ProofOfWork pow = at(T0, 16);
        ProofOfWork.Issued c = pow.issue("testregion", "LOOKUP");
        String solution = ProofOfWork.solve(c.challenge(), c.difficulty());
        // a nonce that does not do the work (the first that fails)
        String lazy = null;
        for (int n = 0; lazy == null; n++) {
            String candidate = c.challenge() + ":" + n;
            if (!candidate.equals(solution) && ProofOfWork.leadingZeroBits(sha(candidate)) < 16) {
                lazy = candidate;
            }
        }
        assertThat(pow.check("testregion", "LOOKUP", lazy)).isEmpty();
        // an easier difficulty written into the challenge breaks its signature
        String easier = c.challenge().replace("~16~", "~1~");
        assertThat(pow.check("testregion", "LOOKUP", ProofOfWork.solve(easier, 1))).isEmpty();
        // another key's challenge
        ProofOfWork other = new ProofOfWork("another key, 32 bytes long......".getBytes(), 16, Duration.ofMinutes(5), Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(other.check("testregion", "LOOKUP", solution)).isEmpty();
        // expiry on real time
        assertThat(at(T0.plusSeconds(299), 16).check("testregion", "LOOKUP", solution)).isPresent();
        assertThat(at(T0.plusSeconds(300), 16).check("testregion", "LOOKUP", solution)).isEmpty();
        assertThat(pow.check("testregion", "LOOKUP", null)).isEmpty();
        assertThat(pow.check("testregion", "LOOKUP", "garbage")).isEmpty();
        assertThat(pow.check("testregion", "LOOKUP", c.challenge() + ":x")).isEmpty();
    }

    private static byte[] sha(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
