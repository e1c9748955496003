package org.kaowu.service.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.Throttle;
import org.kaowu.store.AccountStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@link Throttle}: request budgets in {@link TokenBuckets}, attempts at secrets reserved in the
 * database ({@link AccountStore#reserveAttempt}). Both on real time: moving the business clock for a
 * rehearsal neither locks anybody out for years nor lets a locked login in. Keys are stored as SHA-256
 * digests, so neither memory nor the database holds login names, ID numbers or addresses in clear.
 */
@Component(service = {Throttle.class, ThrottleService.class}, configurationPid = ThrottleService.PID)
@Designate(ocd = ThrottleService.Config.class)
public final class ThrottleService implements Throttle {
    static final String PID = "org.kaowu.limits";
    static final int FREE_ATTEMPTS = 5;
    private static final Duration BASE_LOCK = Duration.ofSeconds(30);
    private static final Duration MAX_LOCK = Duration.ofMinutes(15);

    @ObjectClassDefinition(name = "Kaowu limits", description = "Rate limits per node (requests per period) and who may name the client address.")
    public @interface Config {
        @AttributeDefinition(name = "Lookups per address", min = "1")
        int perAddress() default 20;

        @AttributeDefinition(name = "Lookup period per address (s)", min = "1")
        int perAddressSeconds() default 60;

        @AttributeDefinition(name = "Lookups per ID number", min = "1")
        int perIdNumber() default 5;

        @AttributeDefinition(name = "Lookup period per ID number (s)", min = "1")
        int perIdNumberSeconds() default 900;

        @AttributeDefinition(name = "Recoveries per address (per the address period)", min = "1")
        int recoveriesPerAddress() default 20;

        @AttributeDefinition(name = "Recoveries per ID number (per the ID-number period)", min = "1")
        int recoveriesPerIdNumber() default 5;

        @AttributeDefinition(name = "Logins per address (per the address period)", min = "1")
        int loginsPerAddress() default 20;

        @AttributeDefinition(name = "Registrations per address (per the address period)", min = "1")
        int registrationsPerAddress() default 20;

        @AttributeDefinition(name = "Mobile-binding codes per candidate (per hour)", min = "1")
        int bindingsPerCandidate() default 5;

        @AttributeDefinition(name = "Mobile-binding codes per number (per hour)", min = "1")
        int bindingsPerNumber() default 3;

        @AttributeDefinition(name = "Trusted proxies", required = false,
                description = "Addresses of reverse proxies whose X-Forwarded-For header names the client")
        String[] trustedProxies() default {};
    }

    private final Map<Budget, TokenBuckets> buckets = new EnumMap<>(Budget.class);
    private final AccountStore accounts;
    private final Clock realTime;
    private final Set<String> trustedProxies;

    @Activate
    public ThrottleService(Config config, @Reference AccountStore accounts) {
        this(config, accounts, Clock.systemUTC(), System::nanoTime);
    }

    ThrottleService(Config c, AccountStore accounts, Clock realTime, LongSupplier nanoTime) {
        this.accounts = accounts;
        this.realTime = realTime;
        this.trustedProxies = Set.of(c.trustedProxies());
        Duration address = Duration.ofSeconds(c.perAddressSeconds());
        Duration idNumber = Duration.ofSeconds(c.perIdNumberSeconds());
        Duration hour = Duration.ofHours(1);
        buckets.put(Budget.LOOKUP_PER_ADDRESS, new TokenBuckets(nanoTime, c.perAddress(), address));
        buckets.put(Budget.LOOKUP_PER_ID_NUMBER, new TokenBuckets(nanoTime, c.perIdNumber(), idNumber));
        buckets.put(Budget.RECOVERY_PER_ADDRESS, new TokenBuckets(nanoTime, c.recoveriesPerAddress(), address));
        buckets.put(Budget.RECOVERY_PER_ID_NUMBER, new TokenBuckets(nanoTime, c.recoveriesPerIdNumber(), idNumber));
        buckets.put(Budget.LOGIN_PER_ADDRESS, new TokenBuckets(nanoTime, c.loginsPerAddress(), address));
        buckets.put(Budget.REGISTRATION_PER_ADDRESS, new TokenBuckets(nanoTime, c.registrationsPerAddress(), address));
        buckets.put(Budget.BINDING_PER_CANDIDATE, new TokenBuckets(nanoTime, c.bindingsPerCandidate(), hour));
        buckets.put(Budget.BINDING_PER_TARGET, new TokenBuckets(nanoTime, c.bindingsPerNumber(), hour));
    }

    @Override
    public Optional<Duration> take(Budget budget, String key) {
        return buckets.get(budget).take(digest(budget.name(), key == null ? "" : key.strip().toUpperCase(Locale.ROOT)));
    }

    @Override
    public void reserveAttempt(String scope, String key) {
        Instant now = realTime.instant();
        AccountStore.AttemptReservation r = accounts.reserveAttempt(digest(scope, key.strip().toLowerCase(Locale.ROOT)), now,
                FREE_ATTEMPTS, BASE_LOCK, MAX_LOCK);
        if (!r.reserved()) {
            Duration wait = Duration.between(now, r.lockedUntil().orElse(now));
            throw new KaowuException(ErrorCode.LOCKED_OUT, null, "Too many failed attempts; try again later",
                    wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
        }
    }

    @Override
    public void succeeded(String scope, String key) {
        accounts.clearFailures(digest(scope, key.strip().toLowerCase(Locale.ROOT)));
    }

    @Override
    public String client(String peer, String forwardedFor) {
        if (forwardedFor != null && trustedProxies.contains(peer)) {
            String[] hops = forwardedFor.split(",");
            String last = hops[hops.length - 1].strip();
            if (!last.isEmpty()) {
                return last;
            }
        }
        return peer;
    }

    /** A hash of scope and key: no login name, address or ID number is kept in clear. */
    static String digest(String scope, String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest((scope + "\n" + key).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
