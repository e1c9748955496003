package org.kaowu.store.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Personal data at rest: ID and mobile numbers are stored encrypted (AES-256-GCM, a random 96-bit IV per
 * value, the column's name as associated data so a value cannot be moved to another column), as
 * {@code <key id>:<base64 of IV and ciphertext>}, and found by a keyed hash (HMAC-SHA256) that the
 * unique keys and lookups use. Keys rotate: the current key encrypts, every key in the ring decrypts;
 * the lookup key stays (the unique keys are built on it).
 */
public final class PersonalData {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKeySpec> keys;
    private final String currentKeyId;
    private final SecretKeySpec lookupKey;
    /** One keyed Mac per thread (doFinal resets it): a Mac's look-up and key set-up cost more than the hash of an ID number. */
    private final ThreadLocal<Mac> lookupMacs = ThreadLocal.withInitial(this::newLookupMac);

    /**
     * @param keys key id to 32-byte AES key; the first entry is the current key
     * @param lookupKey the HMAC key of the lookup hashes (at least 32 bytes)
     */
    public PersonalData(Map<String, byte[]> keys, byte[] lookupKey) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one data key is needed");
        }
        if (lookupKey.length < 32) {
            throw new IllegalArgumentException("the lookup key must have at least 32 bytes");
        }
        Map<String, SecretKeySpec> ring = new LinkedHashMap<>();
        keys.forEach((id, key) -> {
            if (!id.matches("[A-Za-z0-9_-]{1,16}")) {
                throw new IllegalArgumentException("a data key id has 1 to 16 letters, digits, '_' or '-': " + id);
            }
            if (key.length != 32) {
                throw new IllegalArgumentException("data key " + id + " must have 32 bytes, has " + key.length);
            }
            ring.put(id, new SecretKeySpec(key, "AES"));
        });
        this.keys = Map.copyOf(ring);
        this.currentKeyId = ring.keySet().iterator().next();
        this.lookupKey = new SecretKeySpec(lookupKey.clone(), "HmacSHA256");
    }

    /** Fresh random keys (tests, and the first start of a node without configured keys). */
    public static PersonalData generate() {
        return new PersonalData(Map.of("k1", random(32)), random(32));
    }

    /**
     * The keys of a node: from configuration when given ({@code keys} as {@code id:base64,id:base64}, the
     * first current; {@code lookupKey} base64), else from {@code <dir>/personal-data.keys}, which is
     * created (owner-only) on the first start.
     */
    public static PersonalData load(String configuredKeys, String configuredLookupKey, Path dir) {
        if (!configuredKeys.isBlank() || !configuredLookupKey.isBlank()) {
            if (configuredKeys.isBlank() || configuredLookupKey.isBlank()) {
                throw new IllegalArgumentException("set both personalDataKeys and personalDataLookupKey, or neither");
            }
            return new PersonalData(parseKeys(configuredKeys), Base64.getDecoder().decode(configuredLookupKey.strip()));
        }
        Path file = dir.resolve("personal-data.keys");
        try {
            if (!Files.isRegularFile(file)) {
                Files.createDirectories(dir);
                Properties p = new Properties();
                p.setProperty("keys", "k1:" + Base64.getEncoder().encodeToString(random(32)));
                p.setProperty("lookupKey", Base64.getEncoder().encodeToString(random(32)));
                Path tmp = Files.createTempFile(dir, "personal-data", ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // the data folder's own permissions protect it
                }
                try (var out = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
                    p.store(out, "Kaowu personal-data keys: keep with the database backups, never lose; every node of a deployment needs the same");
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
                p.load(in);
            }
            return new PersonalData(parseKeys(p.getProperty("keys", "")), Base64.getDecoder().decode(p.getProperty("lookupKey", "").strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }

    private static Map<String, byte[]> parseKeys(String keys) {
        Map<String, byte[]> ring = new LinkedHashMap<>();
        for (String entry : keys.split(",")) {
            String e = entry.strip();
            int colon = e.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("data keys are id:base64, separated by commas");
            }
            ring.put(e.substring(0, colon), Base64.getDecoder().decode(e.substring(colon + 1)));
        }
        return ring;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The value encrypted under the current key, bound to {@code column}. */
    public String encrypt(String column, String value) {
        try {
            byte[] iv = random(IV_BYTES);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(column.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return currentKeyId + ":" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** @throws IllegalStateException when the key is unknown or the value was tampered with */
    public String decrypt(String column, String stored) {
        int colon = stored.indexOf(':');
        SecretKeySpec key = colon < 1 ? null : keys.get(stored.substring(0, colon));
        if (key == null) {
            throw new IllegalStateException("Personal data encrypted with an unknown key id in " + column
                    + "; add that key to personalDataKeys");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(colon + 1));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            c.updateAAD(column.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Personal data in " + column + " does not decrypt (tampered, or a wrong key)", e);
        }
    }

    /** The keyed hash of a value of one kind ("id", "mobile", "email"): 64 hex digits. */
    public String lookup(String kind, String value) {
        return HexFormat.of().formatHex(lookupMacs.get().doFinal((kind + "\n" + value).getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newLookupMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(lookupKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The current key's id, e.g. for a log line; never the key. */
    public String currentKeyId() {
        return currentKeyId;
    }

    /** A fingerprint of the lookup key: nodes of one deployment must show the same. */
    public String lookupKeyFingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lookupKey.getEncoded()), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
