package org.kaowu.service.internal.humancheck;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The arithmetic of the proof-of-work challenge, apart from OSGi so a test can drive it: a challenge is
 * {@code pow1~<region>~<purpose>~<id>~<expires epoch s>~<difficulty>~<HMAC-SHA256 of the rest>}; a solution
 * is {@code <challenge>:<nonce>} where SHA-256 of that whole text (UTF-8) starts with {@code difficulty}
 * zero bits. The client needs about 2^difficulty hashes; checking needs one HMAC and one hash.
 */
public final class ProofOfWork {
    public static final String KIND = "pow-sha256";
    private static final Pattern NONCE = Pattern.compile("[0-9]{1,20}");
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final int difficulty;
    private final Duration lifetime;
    private final Clock realTime;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    /** {@code realTime}: a security timer, never the platform's movable business clock. */
    public ProofOfWork(byte[] key, int difficulty, Duration lifetime, Clock realTime) {
        if (key.length < 16) {
            throw new IllegalArgumentException("A proof-of-work key has at least 16 bytes");
        }
        this.key = key.clone();
        this.difficulty = Math.max(0, Math.min(32, difficulty));
        this.lifetime = lifetime;
        this.realTime = realTime;
    }

    /** A challenge issued now: its text, difficulty and expiry. */
    public record Issued(String challenge, int difficulty, Instant expiresAt, String id) {
    }

    public Issued issue(String region, String purpose) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        String idText = B64.encodeToString(id);
        Instant expires = realTime.instant().plus(lifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String body = "pow1~" + region + "~" + purpose + "~" + idText + "~" + expires.getEpochSecond() + "~" + difficulty;
        return new Issued(body + "~" + mac(body), difficulty, expires, idText);
    }

    /** A solution that holds (signature, region, purpose, expiry, work): the challenge's id and expiry, to be spent once. */
    public record Valid(String id, Instant expiresAt) {
    }

    public Optional<Valid> check(String region, String purpose, String solution) {
        if (solution == null || solution.length() > 400) {
            return Optional.empty();
        }
        int colon = solution.lastIndexOf(':');
        if (colon < 0 || !NONCE.matcher(solution.substring(colon + 1)).matches()) {
            return Optional.empty();
        }
        String challenge = solution.substring(0, colon);
        String[] parts = challenge.split("~", -1);
        if (parts.length != 7 || !parts[0].equals("pow1")) {
            return Optional.empty();
        }
        for (int i = 1; i < 7; i++) {
            if (!PART.matcher(parts[i]).matches()) {
                return Optional.empty();
            }
        }
        String body = challenge.substring(0, challenge.lastIndexOf('~'));
        if (!MessageDigest.isEqual(mac(body).getBytes(StandardCharsets.US_ASCII), parts[6].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        if (!parts[1].equals(region) || !parts[2].equals(purpose)) {
            return Optional.empty();
        }
        long expires;
        int bits;
        try {
            expires = Long.parseLong(parts[4]);
            bits = Integer.parseInt(parts[5]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Instant expiresAt = Instant.ofEpochSecond(expires);
        if (!realTime.instant().isBefore(expiresAt) || bits < difficulty) {
            return Optional.empty();
        }
        if (leadingZeroBits(sha256(solution)) < bits) {
            return Optional.empty();
        }
        return Optional.of(new Valid(parts[3], expiresAt));
    }

    /** Finds a nonce (what the browser does, for tests and tools): the solution text. */
    public static String solve(String challenge, int difficulty) {
        for (long n = 0; ; n++) {
            String candidate = challenge + ":" + n;
            if (leadingZeroBits(sha256(candidate)) >= difficulty) {
                return candidate;
            }
        }
    }

    static int leadingZeroBits(byte[] hash) {
        int bits = 0;
        for (byte b : hash) {
            if (b == 0) {
                bits += 8;
                continue;
            }
            return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
        }
        return bits;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String mac(String body) {
        return B64.encodeToString(macs.get().doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** One keyed Mac per thread (doFinal resets it): a Mac's look-up and key set-up cost more than the hash of a challenge. */
    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
