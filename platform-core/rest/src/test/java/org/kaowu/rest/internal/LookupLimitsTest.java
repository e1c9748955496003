package org.kaowu.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class LookupLimitsTest {
    /** A clock the test moves. */
    static final class MovingClock extends Clock {
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

    private LookupLimits limits(int perAddress, int perId, String... proxies) {
        return new LookupLimits(clock, new LookupLimits.Config() {
            public int perAddress() {
                return perAddress;
            }

            public int perAddressSeconds() {
                return 60;
            }

            public int perIdNumber() {
                return perId;
            }

            public int perIdNumberSeconds() {
                return 900;
            }

            public String[] trustedProxies() {
                return proxies;
            }

            public Class<? extends Annotation> annotationType() {
                return LookupLimits.Config.class;
            }
        });
    }

    @Test
    void addressGetsItsAllowanceThenAWaitThenMoreAsTimePasses() {
        LookupLimits l = limits(3, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(l.acquire("10.0.0.1", "r", "id" + i)).isEmpty();
        }
        Duration wait = l.acquire("10.0.0.1", "r", "id9").orElseThrow();
        assertThat(wait).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(20));
        assertThat(l.acquire("10.0.0.2", "r", "id9")).as("other addresses are not affected").isEmpty();
        clock.now = clock.now.plusSeconds(20);
        assertThat(l.acquire("10.0.0.1", "r", "id9")).isEmpty();
        assertThat(l.acquire("10.0.0.1", "r", "id10")).isPresent();
    }

    @Test
    void oneIdNumberIsLimitedAcrossAddresses() {
        LookupLimits l = limits(1000, 2);
        assertThat(l.acquire("10.0.0.1", "r", "11010519491231002X")).isEmpty();
        assertThat(l.acquire("10.0.0.2", "r", "11010519491231002x ")).as("same number, other spelling").isEmpty();
        assertThat(l.acquire("10.0.0.3", "r", "11010519491231002X")).isPresent();
        assertThat(l.acquire("10.0.0.3", "other", "11010519491231002X")).as("regions count apart").isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(8));
        assertThat(l.acquire("10.0.0.3", "r", "11010519491231002X")).isEmpty();
    }

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() {
        LookupLimits l = limits(1, 1, "10.9.9.9");
        assertThat(l.client("10.9.9.9", "203.0.113.7, 198.51.100.2")).isEqualTo("198.51.100.2");
        assertThat(l.client("10.0.0.1", "203.0.113.7")).isEqualTo("10.0.0.1");
        assertThat(l.client("10.9.9.9", null)).isEqualTo("10.9.9.9");
    }

    @Test
    void loginsHaveTheirOwnPerAddressBucket() {
        LookupLimits l = limits(2, 100);
        assertThat(l.acquireForLogin("10.0.0.1")).isEmpty();
        assertThat(l.acquireForLogin("10.0.0.1")).isEmpty();
        assertThat(l.acquireForLogin("10.0.0.1")).isPresent();
        // lookups from the same address are not used up by logins, nor the other way round
        assertThat(l.acquire("10.0.0.1", "testland", "11010519491231002X")).isEmpty();
        assertThat(l.acquireForLogin("10.0.0.2")).isEmpty();
        clock.now = clock.now.plusSeconds(60);
        assertThat(l.acquireForLogin("10.0.0.1")).isEmpty();
    }
}
