package org.kaowu.rest.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Rate limits of the public ticket-number lookup, which answers with personal data: per client address
 * (against scraping) and per ID number (against guessing the name that goes with a known number).
 * ID numbers are kept only as SHA-256 digests. Limits are per node.
 */
@Component(service = LookupLimits.class, configurationPid = LookupLimits.PID)
@Designate(ocd = LookupLimits.Config.class)
public final class LookupLimits {
    static final String PID = "org.kaowu.rest.lookups";

    @ObjectClassDefinition(name = "Kaowu ticket-number lookup limits",
            description = "How many ticket-number lookups one client address, and one ID number, may make.")
    public @interface Config {
        @AttributeDefinition(name = "Per address", description = "Lookups one client address may make per period", min = "1")
        int perAddress() default 20;

        @AttributeDefinition(name = "Per-address period (s)", min = "1")
        int perAddressSeconds() default 60;

        @AttributeDefinition(name = "Per ID number", description = "Lookups of one ID number per period", min = "1")
        int perIdNumber() default 5;

        @AttributeDefinition(name = "Per-ID-number period (s)", min = "1")
        int perIdNumberSeconds() default 900;

        @AttributeDefinition(name = "Trusted proxies", required = false,
                description = "Addresses of reverse proxies whose X-Forwarded-For header names the client")
        String[] trustedProxies() default {};
    }

    private final TokenBuckets byAddress;
    private final TokenBuckets byIdNumber;
    private final Set<String> trustedProxies;

    @Activate
    public LookupLimits(@Reference Clock clock, Config config) {
        this.byAddress = new TokenBuckets(clock, config.perAddress(), Duration.ofSeconds(config.perAddressSeconds()));
        this.byIdNumber = new TokenBuckets(clock, config.perIdNumber(), Duration.ofSeconds(config.perIdNumberSeconds()));
        this.trustedProxies = Set.of(config.trustedProxies());
    }

    /** The client's address: the peer, or the last X-Forwarded-For hop when the peer is a trusted proxy. */
    String client(String peer, String forwardedFor) {
        if (forwardedFor != null && trustedProxies.contains(peer)) {
            String[] hops = forwardedFor.split(",");
            String last = hops[hops.length - 1].strip();
            if (!last.isEmpty()) {
                return last;
            }
        }
        return peer;
    }

    /** @return empty when the lookup may go ahead, else how long the client must wait */
    Optional<Duration> acquire(String client, String region, String idNumber) {
        Optional<Duration> address = byAddress.take(client);
        if (address.isPresent()) {
            return address;
        }
        String id = idNumber == null ? "" : idNumber.strip().toUpperCase(Locale.ROOT);
        return byIdNumber.take(region + ":" + sha256(id));
    }

    /**
     * For logins: the per-address bucket only (the per-login lock is kept with the accounts, where a
     * correct login also clears it).
     */
    Optional<Duration> acquireForLogin(String client) {
        return byAddress.take("login:" + client);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
