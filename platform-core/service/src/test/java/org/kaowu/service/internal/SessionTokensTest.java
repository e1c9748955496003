package org.kaowu.service.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.SessionToken;
import org.kaowu.store.AccountStore;

class SessionTokensTest {
    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-03-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final Set<String> revoked = new HashSet<>();
    /** Only the revocation list of the account store is used by the tokens. */
    private final AccountStore accounts = (AccountStore) Proxy.newProxyInstance(AccountStore.class.getClassLoader(),
            new Class<?>[] {AccountStore.class}, (p, m, a) -> switch (m.getName()) {
                case "revokeSession" -> revoked.add((String) a[0]) ? null : null;
                case "isRevoked" -> revoked.contains((String) a[0]);
                default -> throw new UnsupportedOperationException(m.getName());
            });

    private SessionTokens tokens(byte fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, fill);
        return new SessionTokens(key, clock, accounts, Duration.ofMinutes(30), Duration.ofHours(8));
    }

    private static void assertUnauthenticated(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(KaowuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
    }

    @Test
    void aTokenIsValidUntilItExpires() {
        SessionTokens t = tokens((byte) 1);
        UUID who = UUID.randomUUID();
        SessionToken token = t.issue(SessionTokens.Kind.CANDIDATE, who, "testland");
        assertThat(token.expiresAt()).isEqualTo(clock.now.plus(Duration.ofMinutes(30)));
        assertThat(t.verify(token.token(), SessionTokens.Kind.CANDIDATE).subject()).isEqualTo(who);
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertThat(t.verify(token.token(), SessionTokens.Kind.CANDIDATE).region()).isEqualTo("testland");
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertUnauthenticated(() -> t.verify(token.token(), SessionTokens.Kind.CANDIDATE));
    }

    @Test
    void forgedAlteredForeignAndRevokedTokensAreRefused() {
        SessionTokens t = tokens((byte) 1);
        String token = t.issue(SessionTokens.Kind.CANDIDATE, UUID.randomUUID(), "testland").token();
        String[] parts = token.split("\\.");
        // claims of a staff session with the candidate's signature
        String staffClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("CANDIDATE", "STAFF").getBytes());
        assertUnauthenticated(() -> t.verify(parts[0] + "." + staffClaims + "." + parts[2], SessionTokens.Kind.STAFF));
        assertUnauthenticated(() -> t.verify(token, SessionTokens.Kind.STAFF));
        assertUnauthenticated(() -> tokens((byte) 2).verify(token, SessionTokens.Kind.CANDIDATE));
        assertUnauthenticated(() -> t.verify("v1.x.y", SessionTokens.Kind.CANDIDATE));
        assertUnauthenticated(() -> t.verify(null, SessionTokens.Kind.CANDIDATE));
        t.revoke(token);
        assertUnauthenticated(() -> t.verify(token, SessionTokens.Kind.CANDIDATE));
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new SessionTokens(new byte[16], clock, accounts, Duration.ofMinutes(1), Duration.ofMinutes(1)))
                .hasMessageContaining("32 bytes");
    }
}
