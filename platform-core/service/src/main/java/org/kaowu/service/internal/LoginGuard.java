package org.kaowu.service.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.store.AccountStore;

/**
 * Growing delays after failed logins, kept per login name in the database (so every node sees them): the
 * first {@value #FREE} failures cost nothing, each further one locks the login for 30 s, doubled per
 * failure, at most 15 minutes. While locked, even the right password is refused with LOCKED_OUT. The key
 * is a hash of kind, region and login name, so the table holds no login names.
 */
final class LoginGuard {
    static final int FREE = 5;
    private static final Duration BASE = Duration.ofSeconds(30);
    private static final Duration MAX = Duration.ofMinutes(15);

    private final AccountStore accounts;
    private final Clock clock;

    LoginGuard(AccountStore accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    static String key(String kind, String region, String login) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((kind + "\n" + region + "\n" + login.trim().toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws KaowuException LOCKED_OUT while the key is locked */
    void checkNotLocked(String key) {
        Instant now = clock.instant();
        accounts.lockedUntil(key, now).ifPresent(until -> {
            throw lockedOut(now, until);
        });
    }

    /** Records the failure; throws LOCKED_OUT if it started a lock, else INVALID_CREDENTIALS. */
    KaowuException failed(String key) {
        Instant now = clock.instant();
        return accounts.recordFailure(key, now, FREE, BASE, MAX)
                .map(until -> lockedOut(now, until))
                .orElseGet(() -> new KaowuException(ErrorCode.INVALID_CREDENTIALS, "Login name or password is wrong"));
    }

    void succeeded(String key) {
        accounts.clearFailures(key);
    }

    private static KaowuException lockedOut(Instant now, Instant until) {
        return new KaowuException(ErrorCode.LOCKED_OUT, null, "Too many failed logins; try again later", Duration.between(now, until));
    }
}
