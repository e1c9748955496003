package org.kaowu.service.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.Throttle.Budget;

/** The request budgets: their own per purpose, on a monotonic clock, and no state forgotten under a flood of keys. */
class ThrottleServiceTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    /** The defaults of the configuration, but for the given overrides (name=value). */
    private static ThrottleService.Config config(String... overrides) {
        java.util.Map<String, String> o = new java.util.HashMap<>();
        for (String kv : overrides) {
            o.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        return (ThrottleService.Config) Proxy.newProxyInstance(ThrottleService.Config.class.getClassLoader(),
                new Class<?>[] {ThrottleService.Config.class}, (p, m, a) -> {
                    if (m.getName().equals("annotationType")) {
                        return ThrottleService.Config.class;
                    }
                    String v = o.get(m.getName());
                    if (v == null) {
                        return m.getDefaultValue();
                    }
                    return m.getReturnType() == int.class ? (Object) Integer.parseInt(v) : v.isEmpty() ? new String[0] : v.split(",");
                });
    }

    private ThrottleService throttle(String... overrides) {
        return new ThrottleService(config(overrides), null, java.time.Clock.systemUTC(), nanos::get);
    }

    @Test
    void anAddressGetsItsAllowanceThenAWaitThenMoreAsTimePasses() {
        ThrottleService t = throttle("perAddress=3", "perAddressSeconds=60");
        for (int i = 0; i < 3; i++) {
            assertThat(t.take(Budget.LOOKUP_PER_ADDRESS, "10.0.0.1")).isEmpty();
        }
        assertThat(t.take(Budget.LOOKUP_PER_ADDRESS, "10.0.0.1")).get().satisfies(w -> assertThat(w).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(20)));
        assertThat(t.take(Budget.LOOKUP_PER_ADDRESS, "10.0.0.2")).isEmpty();
        nanos.addAndGet(Duration.ofSeconds(20).toNanos());
        assertThat(t.take(Budget.LOOKUP_PER_ADDRESS, "10.0.0.1")).isEmpty();
    }

    @Test
    void lookupsOfAnIdNumberNeverUseUpItsOwnersRecoveries() {
        ThrottleService t = throttle("perIdNumber=2", "recoveriesPerIdNumber=2");
        t.take(Budget.LOOKUP_PER_ID_NUMBER, "x:11010519491231002X");
        t.take(Budget.LOOKUP_PER_ID_NUMBER, "x:11010519491231002x");
        assertThat(t.take(Budget.LOOKUP_PER_ID_NUMBER, "x:11010519491231002X")).isPresent();
        assertThat(t.take(Budget.RECOVERY_PER_ID_NUMBER, "x:11010519491231002X")).isEmpty();
        assertThatThrownBy(() -> t.require(Budget.LOOKUP_PER_ID_NUMBER, "x:11010519491231002X"))
                .isInstanceOfSatisfying(KaowuException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(e.retryAfter()).isPresent();
                });
    }

    @Test
    void aFloodOfKeysDoesNotMakeALimitedKeyForgetItsState() {
        ThrottleService t = throttle("perAddress=2", "perAddressSeconds=3600");
        t.take(Budget.LOOKUP_PER_ADDRESS, "attacker");
        t.take(Budget.LOOKUP_PER_ADDRESS, "attacker");
        for (int i = 0; i < 300_000; i++) {
            t.take(Budget.LOOKUP_PER_ADDRESS, "flood-" + i);
            if (i % 50_000 == 0) {
                nanos.addAndGet(Duration.ofSeconds(11).toNanos());
            }
        }
        assertThat(t.take(Budget.LOOKUP_PER_ADDRESS, "attacker")).as("still limited after 300,000 other keys").isPresent();
    }

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() {
        ThrottleService t = throttle("trustedProxies=10.0.0.9");
        assertThat(t.client("10.0.0.9", "1.2.3.4, 5.6.7.8")).isEqualTo("5.6.7.8");
        assertThat(t.client("10.0.0.8", "5.6.7.8")).isEqualTo("10.0.0.8");
        assertThat(t.client("10.0.0.9", null)).isEqualTo("10.0.0.9");
    }

}
