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
 * Session tokens signed with HMAC-SHA256: {@code v2.<key id>.<claims>.<signature>}, base64url, the claims
 * being kind (candidate or staff), subject id, region, token id, expiry and issue time. Nothing is kept on
 * the server but the ids of tokens that were logged out (until they expire) and, per account, the time
 * before which its sessions were ended (password change or reset), so any node holding the same key
 * accepts the token. The key comes from PID {@code org.kaowu.sessions} ({@code secret}, base64 of at least
 * 32 bytes; set the same on every node), else it is generated once into {@code data/security/session.key};
 * {@code previousSecrets} still verify, so a key is rotated without logging anybody out. Expiry runs on
 * real time, never on the movable business clock.
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

        @AttributeDefinition(name = "Previous signing keys", required = false, type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD,
                description = "Keys replaced by a rotation: tokens they signed stay valid until they expire")
        String[] previousSecrets() default {};

        @AttributeDefinition(name = "Candidate session lifetime (minutes)", min = "1")
        int candidateMinutes() default 30;

        @AttributeDefinition(name = "Staff session lifetime (minutes)", min = "1")
        int staffMinutes() default 480;
    }

    /** Whose session a token is. */
    enum Kind { CANDIDATE, STAFF }

    /** What a valid token says; {@code region} is the region code for a candidate, the username for staff. */
    record Claims(Kind kind, UUID subject, String region, String tokenId, Instant expiresAt, Instant issuedAt) {
    }

    private final String keyId;
    private final java.util.Map<String, byte[]> keys;
    private final Clock clock;
    private final AccountStore accounts;
    private final Duration candidateTtl;
    private final Duration staffTtl;

    @Activate
    public SessionTokens(Config config, BundleContext context, @Reference AccountStore accounts) {
        this(key(config, context), java.util.Arrays.stream(config.previousSecrets()).filter(k -> !k.isBlank())
                .map(k -> Base64.getDecoder().decode(k.trim())).toList(), Clock.systemUTC(), accounts,
                Duration.ofMinutes(config.candidateMinutes()), Duration.ofMinutes(config.staffMinutes()));
    }

    /** @param realTime the clock of expiry: real time (a test may pass a fixed one) */
    SessionTokens(byte[] key, java.util.List<byte[]> previous, Clock realTime, AccountStore accounts, Duration candidateTtl, Duration staffTtl) {
        java.util.Map<String, byte[]> ring = new java.util.LinkedHashMap<>();
        for (byte[] k : java.util.stream.Stream.concat(java.util.stream.Stream.of(key), previous.stream()).toList()) {
            if (k.length < 32) {
                throw new IllegalArgumentException("a session signing key must have at least 32 bytes");
            }
            ring.putIfAbsent(keyId(k), k.clone());
        }
        this.keyId = keyId(key);
        this.keys = java.util.Map.copyOf(ring);
        this.clock = realTime;
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
        Instant now = clock.instant();
        Instant expires = now.plus(kind == Kind.CANDIDATE ? candidateTtl : staffTtl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String claims = kind.name() + "|" + subject + "|" + region + "|" + UUID.randomUUID() + "|" + expires.getEpochSecond()
                + "|" + now.toEpochMilli();
        String payload = B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return new SessionToken("v2." + keyId + "." + payload + "." + B64.encodeToString(mac(keys.get(keyId), payload)), expires);
    }

    /** @throws KaowuException UNAUTHENTICATED for a missing, malformed, forged, expired or revoked token, or one of another kind */
    Claims verify(String token, Kind expected) {
        Claims c = parse(token).orElseThrow(SessionTokens::unauthenticated);
        if (c.kind() != expected || !clock.instant().isBefore(c.expiresAt()) || accounts.isRevoked(c.tokenId(), c.subject(), c.issuedAt())) {
            throw unauthenticated();
        }
        return c;
    }

    void revoke(String token) {
        parse(token).ifPresent(c -> accounts.revokeSession(c.tokenId(), c.expiresAt()));
    }

    /** Ends every other session of the token's account (a password change): they were issued before now. */
    void endOtherSessions(String token) {
        Claims c = parse(token).orElseThrow(SessionTokens::unauthenticated);
        accounts.endSessions(c.subject(), clock.instant().plusMillis(1), Optional.of(c.tokenId()));
    }

    /** Ends every session of an account (a password reset). */
    void endSessions(UUID subject) {
        accounts.endSessions(subject, clock.instant().plusMillis(1), Optional.empty());
    }

    private Optional<Claims> parse(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.");
        if (parts.length != 4 || !parts[0].equals("v2") || !keys.containsKey(parts[1])) {
            return Optional.empty();
        }
        try {
            byte[] signature = Base64.getUrlDecoder().decode(parts[3]);
            if (!MessageDigest.isEqual(signature, mac(keys.get(parts[1]), parts[2]))) {
                return Optional.empty();
            }
            String[] f = new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8).split("\\|", -1);
            return Optional.of(new Claims(Kind.valueOf(f[0]), UUID.fromString(f[1]), f[2], f[3], Instant.ofEpochSecond(Long.parseLong(f[4])),
                    Instant.ofEpochMilli(Long.parseLong(f[5]))));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** A key's id: the first 8 hex digits of its SHA-256 (says which key signed, reveals nothing of it). */
    static String keyId(byte[] key) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A MAC of {@code payload} for another purpose than sessions (e.g. admission-notice codes), truncated to
     * {@code length} bytes, under a key derived from the current signing key for that purpose: printed
     * codes stay valid while their key is among {@code previousSecrets}.
     */
    byte[] purposeMac(String purpose, byte[] payload, int length) {
        return java.util.Arrays.copyOf(purposeMac(keys.get(keyId), purpose, payload), length);
    }

    /** Whether {@code mac} is {@link #purposeMac} of the payload under any key of the ring (compared in constant time). */
    boolean purposeMacValid(String purpose, byte[] payload, byte[] mac) {
        boolean valid = false;
        for (byte[] key : keys.values()) {
            valid |= java.security.MessageDigest.isEqual(java.util.Arrays.copyOf(purposeMac(key, purpose, payload), mac.length), mac);
        }
        return valid && mac.length >= 6;
    }

    private static byte[] purposeMac(byte[] key, String purpose, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(mac(key, "kaowu-purpose:" + purpose), "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] mac(byte[] key, String payload) {
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
