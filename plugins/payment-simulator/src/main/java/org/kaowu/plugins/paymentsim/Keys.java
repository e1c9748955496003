package org.kaowu.plugins.paymentsim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * RSA keys in PEM files and the simulator's signature: SHA256withRSA over the callback's raw body,
 * base64 in a header. The gateway side signs with the private key; the platform's verifier holds only
 * the public key (as with a real provider, whose public key the province configures).
 */
final class Keys {
    static final String ALGORITHM = "SHA256withRSA";

    private Keys() {
    }

    /**
     * The key pair of {@code privateFile}; when it is absent, a new one (RSA 2048) is generated into it
     * and its public half into {@code publicFile}, both readable by the owner only.
     */
    static KeyPair loadOrGenerate(Path privateFile, Path publicFile) throws IOException, GeneralSecurityException {
        if (!Files.exists(privateFile)) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair pair = g.generateKeyPair();
            write(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            write(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return pair;
        }
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(der(Files.readString(privateFile))));
        if (!(privateKey instanceof java.security.interfaces.RSAPrivateCrtKey crt)) {
            throw new GeneralSecurityException(privateFile + " holds no RSA private key with its public exponent");
        }
        // the public half from the private key itself: the file beside it is for the verifier's configuration
        return new KeyPair(rsa.generatePublic(new java.security.spec.RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent())), privateKey);
    }

    /** A public key from a PEM file ("-----BEGIN PUBLIC KEY-----", X.509 SubjectPublicKeyInfo). */
    static PublicKey readPublic(Path file) throws IOException, GeneralSecurityException {
        return publicKey(Files.readString(file));
    }

    /** A public key from PEM text or bare base64 of its X.509 encoding. */
    static PublicKey publicKey(String pemOrBase64) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pemOrBase64)));
    }

    static String sign(PrivateKey key, byte[] body) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(body);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    /** Whether {@code signature} (base64) is the key's signature over exactly {@code body}; false for anything malformed. */
    static boolean verify(PublicKey key, byte[] body, String signature) {
        try {
            byte[] raw = Base64.getDecoder().decode(signature.strip());
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(body);
            return s.verify(raw);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".key", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's permissions apply
        }
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
