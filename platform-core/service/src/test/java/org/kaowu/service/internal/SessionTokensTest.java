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
    private final java.util.Map<UUID, Object[]> epochs = new java.util.HashMap<>();
    /** Only the revocation list and the session epochs of the account store are used by the tokens. */
    private final AccountStore accounts = (AccountStore) Proxy.newProxyInstance(AccountStore.class.getClassLoader(),
            new Class<?>[] {AccountStore.class}, (p, m, a) -> switch (m.getName()) {
                case "revokeSession" -> revoked.add((String) a[0]) ? null : null;
                case "isRevoked" -> revoked.contains((String) a[0]) || (epochs.containsKey((UUID) a[1])
                        && ((Instant) a[2]).isBefore((Instant) epochs.get((UUID) a[1])[0])
                        && !((java.util.Optional<?>) epochs.get((UUID) a[1])[1]).map(a[0]::equals).orElse(false));
                case "endSessions" -> epochs.put((UUID) a[0], new Object[] {a[1], a[2]}) == null ? null : null;
                default -> throw new UnsupportedOperationException(m.getName());
            });

    private static byte[] key(byte fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, fill);
        return key;
    }

    private SessionTokens tokens(byte fill) {
        return new SessionTokens(key(fill), java.util.List.of(), clock, accounts, Duration.ofMinutes(30), Duration.ofHours(8));
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
                new String(java.util.Base64.getUrlDecoder().decode(parts[2])).replace("CANDIDATE", "STAFF").getBytes());
        assertUnauthenticated(() -> t.verify(parts[0] + "." + parts[1] + "." + staffClaims + "." + parts[3], SessionTokens.Kind.STAFF));
        assertUnauthenticated(() -> t.verify(token, SessionTokens.Kind.STAFF));
        assertUnauthenticated(() -> tokens((byte) 2).verify(token, SessionTokens.Kind.CANDIDATE));
        assertUnauthenticated(() -> t.verify("v1.x.y", SessionTokens.Kind.CANDIDATE));
        assertUnauthenticated(() -> t.verify(null, SessionTokens.Kind.CANDIDATE));
        t.revoke(token);
        assertUnauthenticated(() -> t.verify(token, SessionTokens.Kind.CANDIDATE));
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new SessionTokens(new byte[16], java.util.List.of(), clock, accounts, Duration.ofMinutes(1), Duration.ofMinutes(1)))
                .hasMessageContaining("32 bytes");
    }

    @Test
    void aRotatedKeyStillVerifiesTheTokensItSignedAndNamesItself() {
        SessionTokens old = tokens((byte) 1);
        String token = old.issue(SessionTokens.Kind.CANDIDATE, UUID.randomUUID(), "testland").token();
        assertThat(token.split("\\.")[1]).isEqualTo(SessionTokens.keyId(key((byte) 1)));
        SessionTokens rotated = new SessionTokens(key((byte) 2), java.util.List.of(key((byte) 1)), clock, accounts, Duration.ofMinutes(30),
                Duration.ofHours(8));
        assertThat(rotated.verify(token, SessionTokens.Kind.CANDIDATE).region()).isEqualTo("testland");
        String fresh = rotated.issue(SessionTokens.Kind.CANDIDATE, UUID.randomUUID(), "testland").token();
        assertThat(fresh.split("\\.")[1]).isEqualTo(SessionTokens.keyId(key((byte) 2)));
        assertUnauthenticated(() -> old.verify(fresh, SessionTokens.Kind.CANDIDATE));
    }

    @Test
    void endingAnAccountsSessionsKeepsOnlyTheOneNamed() {
        SessionTokens t = tokens((byte) 1);
        UUID who = UUID.randomUUID();
        String first = t.issue(SessionTokens.Kind.CANDIDATE, who, "testland").token();
        String second = t.issue(SessionTokens.Kind.CANDIDATE, who, "testland").token();
        String someoneElse = t.issue(SessionTokens.Kind.CANDIDATE, UUID.randomUUID(), "testland").token();
        clock.now = clock.now.plusSeconds(1);
        t.endOtherSessions(second);
        assertUnauthenticated(() -> t.verify(first, SessionTokens.Kind.CANDIDATE));
        assertThat(t.verify(second, SessionTokens.Kind.CANDIDATE).subject()).isEqualTo(who);
        assertThat(t.verify(someoneElse, SessionTokens.Kind.CANDIDATE)).isNotNull();
        clock.now = clock.now.plusSeconds(1);
        String later = t.issue(SessionTokens.Kind.CANDIDATE, who, "testland").token();
        assertThat(t.verify(later, SessionTokens.Kind.CANDIDATE).subject()).isEqualTo(who);
        clock.now = clock.now.plusSeconds(1);
        t.endSessions(who);
        assertUnauthenticated(() -> t.verify(second, SessionTokens.Kind.CANDIDATE));
        assertUnauthenticated(() -> t.verify(later, SessionTokens.Kind.CANDIDATE));
    }
}
