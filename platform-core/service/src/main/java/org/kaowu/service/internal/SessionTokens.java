package org.kaowu.service.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.SessionToken;
import org.kaowu.store.AccountStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session tokens signed with HMAC-SHA256: {@code v1.<claims>.<signature>}, both base64url, the claims being
 * kind (candidate or staff), subject id, region, token id and expiry. Nothing is kept on the server but
 * the ids of tokens that were logged out (until they expire), so any node holding the same key accepts
 * the token. The key comes from PID {@code org.kaowu.sessions} ({@code secret}, base64 of at least 32
 * bytes; set the same on every node), else it is generated once into {@code data/security/session.key}.
 */
@Component(service = SessionTokens.class, configurationPid = "org.kaowu.sessions")
@Designate(ocd = SessionTokens.Config.class)
public final class SessionTokens {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTokens.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @ObjectClassDefinition(name = "Kaowu sessions")
    public @interface Config {
        @AttributeDefinition(name = "Signing key", required = false, type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD,
                description = "Base64 of at least 32 random bytes, the same on every node; empty: generated into data/security/session.key")
        String secret() default "";

        @AttributeDefinition(name = "Candidate session lifetime (minutes)", min = "1")
        int candidateMinutes() default 30;

        @AttributeDefinition(name = "Staff session lifetime (minutes)", min = "1")
        int staffMinutes() default 480;
    }

    /** Whose session a token is. */
    enum Kind { CANDIDATE, STAFF }

    /** What a valid token says; {@code region} is the region code for a candidate, the username for staff. */
    record Claims(Kind kind, UUID subject, String region, String tokenId, Instant expiresAt) {
    }

    private final byte[] key;
    private final Clock clock;
    private final AccountStore accounts;
    private final Duration candidateTtl;
    private final Duration staffTtl;

    @Activate
    public SessionTokens(Config config, BundleContext context, @Reference Clock clock, @Reference AccountStore accounts) {
        this(key(config, context), clock, accounts, Duration.ofMinutes(config.candidateMinutes()), Duration.ofMinutes(config.staffMinutes()));
    }

    SessionTokens(byte[] key, Clock clock, AccountStore accounts, Duration candidateTtl, Duration staffTtl) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the session signing key must have at least 32 bytes");
        }
        this.key = key.clone();
        this.clock = clock;
        this.accounts = accounts;
        this.candidateTtl = candidateTtl;
        this.staffTtl = staffTtl;
    }

    private static byte[] key(Config config, BundleContext context) {
        if (!config.secret().isBlank()) {
            return Base64.getDecoder().decode(config.secret().trim());
        }
        String data = context.getProperty("kaowu.data");
        Path file = Path.of(data == null ? "data" : data, "security", "session.key");
        try {
            if (Files.isRegularFile(file)) {
                return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "session", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the data folder's own permissions protect it
            }
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Generated the session signing key in {}; set org.kaowu.sessions secret to share it between nodes", file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }

    SessionToken issue(Kind kind, UUID subject, String region) {
        Instant expires = clock.instant().plus(kind == Kind.CANDIDATE ? candidateTtl : staffTtl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String claims = kind.name() + "|" + subject + "|" + region + "|" + UUID.randomUUID() + "|" + expires.getEpochSecond();
        String payload = B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return new SessionToken("v1." + payload + "." + B64.encodeToString(mac(payload)), expires);
    }

    /** @throws KaowuException UNAUTHENTICATED for a missing, malformed, forged, expired or revoked token, or one of another kind */
    Claims verify(String token, Kind expected) {
        Claims c = parse(token).orElseThrow(SessionTokens::unauthenticated);
        if (c.kind() != expected || !clock.instant().isBefore(c.expiresAt()) || accounts.isRevoked(c.tokenId())) {
            throw unauthenticated();
        }
        return c;
    }

    void revoke(String token) {
        parse(token).ifPresent(c -> accounts.revokeSession(c.tokenId(), c.expiresAt()));
    }

    private Optional<Claims> parse(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3 || !parts[0].equals("v1")) {
            return Optional.empty();
        }
        try {
            byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
            if (!MessageDigest.isEqual(signature, mac(parts[1]))) {
                return Optional.empty();
            }
            String[] f = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).split("\\|", -1);
            return Optional.of(new Claims(Kind.valueOf(f[0]), UUID.fromString(f[1]), f[2], f[3], Instant.ofEpochSecond(Long.parseLong(f[4]))));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static KaowuException unauthenticated() {
        return new KaowuException(ErrorCode.UNAUTHENTICATED, "A valid session token is required (Authorization: Bearer <token>)");
    }
}
