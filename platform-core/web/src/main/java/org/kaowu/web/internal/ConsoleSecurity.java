package org.kaowu.web.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.kaowu.api.KaowuException;
import org.kaowu.api.PasswordHashing;
import org.kaowu.api.Throttle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.propertytypes.ServiceRanking;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the Felix Web Console at /system/console with HTTP Basic authentication against one
 * administrator whose bcrypt hash is kept in {@code <data>/security/console-admin.bcrypt}. The console
 * is configured (framework property {@code felix.webconsole.security.providers=kaowu}) to serve nothing
 * until this provider is registered, so its built-in admin/admin never answers.
 * <p>
 * The password comes from configuration PID {@value #PID} ({@code password}); without one, a random
 * password is generated at first start, stored hashed, and written once to
 * {@code data/security/console-admin.password}, readable by its owner only (never to the log).
 */
// REQUIRE: wait for the configured password instead of generating one that the configuration then replaces
@Component(service = {SecurityProvider.class, ConsoleSecurity.class}, configurationPid = ConsoleSecurity.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = SecurityProvider.PROPERTY_ID + "=kaowu")
@ServiceRanking(Integer.MAX_VALUE)
@Designate(ocd = ConsoleSecurity.Config.class)
public final class ConsoleSecurity implements SecurityProvider {
    static final String PID = "org.kaowu.web.console";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurity.class);
    private static final String REALM = "Kaowu administration";

    @ObjectClassDefinition(name = "Kaowu web console administrator")
    public @interface Config {
        @AttributeDefinition(name = "User name")
        String username() default "admin";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
                description = "Sets (or rotates) the administrator password; stored only as a bcrypt hash. Empty: keep the stored one, or generate one at first start.")
        String password() default "";
    }

    private final PasswordHashing hashing;
    private final String username;
    /** The administrator's hash; bcrypt runs off the start-up path, the first login waits for it. */
    private final CompletableFuture<String> hash;
    /** The platform's one throttle: attempts reserved in the database before bcrypt runs, as for staff logins. */
    private final Throttle throttle;
    /**
     * Basic credentials verified lately (their salted SHA-256, never the password), so that the pages a
     * browser loads after a login cost neither a bcrypt nor an attempt each.
     */
    private final java.util.concurrent.ConcurrentMap<String, Long> verified = new java.util.concurrent.ConcurrentHashMap<>();
    private final byte[] salt = new byte[16];
    private static final long VERIFIED_NANOS = TimeUnit.MINUTES.toNanos(5);

    @Activate
    public ConsoleSecurity(@Reference PasswordHashing hashing, @Reference Throttle throttle, BundleContext context, Config config) {
        this.hashing = hashing;
        this.throttle = throttle;
        new SecureRandom().nextBytes(salt);
        this.username = config.username();
        Path file = Path.of(Optional.ofNullable(context.getProperty("kaowu.data")).orElse("data"), "security", "console-admin.bcrypt");
        String configured = config.password();
        this.hash = CompletableFuture.supplyAsync(() -> {
            try {
                return establish(hashing, file, configured);
            } catch (IOException e) {
                LOG.error("Cannot store the web console administrator's password hash in {}; the console refuses every login", file, e);
                throw new UncheckedIOException(e);
            }
        });
    }

    /** @return the hash to check against, creating or rotating the stored one as configured */
    static String establish(PasswordHashing hashing, Path file, String configured) throws IOException {
        Optional<String> stored = Files.isRegularFile(file)
                ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip()) : Optional.empty();
        if (!configured.isEmpty()) {
            if (stored.isPresent() && hashing.verify(configured.toCharArray(), stored.get())) {
                return stored.get();
            }
            String h = hashing.hash(configured.toCharArray());
            write(file, h);
            // a generated password no longer opens anything
            Files.deleteIfExists(generatedPasswordFile(file));
            LOG.info("Web console administrator password set from configuration {}", PID);
            return h;
        }
        if (stored.isPresent()) {
            return stored.get();
        }
        String generated = generate();
        String h = hashing.hash(generated.toCharArray());
        Path generatedFile = generatedPasswordFile(file);
        write(generatedFile, generated);
        write(file, h);
        LOG.warn("Web console administrator password generated into {} (readable by its owner only; set {} password to change it)",
                generatedFile, PID);
        return h;
    }

    private static String generate() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The generated password in clear, beside the hash: for the operator, who reads it once and may delete it. */
    static Path generatedPasswordFile(Path hashFile) {
        return hashFile.resolveSibling("console-admin.password");
    }

    /** Owner-only from its creation (never readable by others, not even for a moment), then moved into place. */
    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: rely on the directory's permissions
        }
        Files.writeString(tmp, text + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        String client = request.getRemoteAddr();
        Optional<Credentials> credentials = Credentials.parse(request.getHeader("Authorization"));
        if (credentials.isPresent()) {
            Credentials c = credentials.get();
            String fingerprint = fingerprint(request.getHeader("Authorization"));
            Long until = verified.get(fingerprint);
            if (until != null && System.nanoTime() - until < 0) {
                return c.user();
            }
            try {
                throttle.reserveAttempt("console", client);
            } catch (KaowuException locked) {
                return refuse(response);
            }
            boolean nameMatches = MessageDigest.isEqual(c.user().getBytes(StandardCharsets.UTF_8), username.getBytes(StandardCharsets.UTF_8));
            // Always run bcrypt, so a wrong user name costs as much time as a wrong password.
            boolean passwordMatches = storedHash().map(h -> hashing.verify(c.password().toCharArray(), h)).orElse(false);
            if (nameMatches && passwordMatches) {
                throttle.succeeded("console", client);
                long now = System.nanoTime();
                verified.values().removeIf(t -> now - t >= 0);
                verified.put(fingerprint, now + VERIFIED_NANOS);
                return c.user();
            }
            LOG.warn("Web console login refused from {}", client);
        }
        return refuse(response);
    }

    private String fingerprint(String authorization) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(salt);
            return Base64.getEncoder().encodeToString(d.digest(authorization.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<String> storedHash() {
        try {
            return Optional.of(hash.get(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    private static Object refuse(HttpServletResponse response) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        try {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        } catch (IOException e) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        }
        return null;
    }

    /** The administrator's user name: the console's only user. */
    String username() {
        return username;
    }

    @Override
    public boolean authorize(Object user, String role) {
        return username.equals(user);
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    }

    /** User name and password of an HTTP Basic Authorization header. */
    record Credentials(String user, String password) {
        static Optional<Credentials> parse(String header) {
            if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return Optional.empty();
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }

        @Override
        public String toString() {
            return "Credentials[user=" + user + "]";
        }
    }
}
