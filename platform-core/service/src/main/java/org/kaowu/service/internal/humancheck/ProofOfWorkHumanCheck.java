package org.kaowu.service.internal.humancheck;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import org.kaowu.spi.HumanCheck;
import org.kaowu.store.AccountStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The platform's own CAPTCHA: a proof of work (no third party, no image to read, nothing leaves the host).
 * The browser finds a nonce with WebCrypto SHA-256; the server checks the HMAC-signed challenge, the work,
 * the expiry on real time, and spends it once in the database ({@code human_check_spent}), so a solution is
 * accepted once across every node. Ranked low: a province's own {@link HumanCheck} wins.
 */
@Component(service = HumanCheck.class, configurationPid = ProofOfWorkHumanCheck.PID, property = "service.ranking:Integer=-1000")
@Designate(ocd = ProofOfWorkHumanCheck.Config.class)
public final class ProofOfWorkHumanCheck implements HumanCheck {
    static final String PID = "org.kaowu.humancheck";

    @ObjectClassDefinition(name = "Kaowu human check (proof of work)",
            description = "The self-hosted CAPTCHA before candidate logins, ticket-number lookups and password recoveries")
    public @interface Config {
        @AttributeDefinition(description = "Leading zero bits of SHA-256 the browser must find (about 2^n hashes; 16 takes a phone about a second)")
        int difficulty() default 16;

        @AttributeDefinition(description = "Seconds a challenge may be answered after it was issued (real time)")
        int lifetimeSeconds() default 300;

        @AttributeDefinition(description = "Base64 of the HMAC key that signs challenges; set the same on every node sharing a database "
                + "(empty: a key generated at each start, so challenges issued before a restart are refused)", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String secret() default "";
    }

    private final ProofOfWork work;
    private final AccountStore accounts;

    @Activate
    public ProofOfWorkHumanCheck(Config config, @Reference AccountStore accounts) {
        this.accounts = accounts;
        byte[] key;
        if (config.secret() != null && !config.secret().isBlank()) {
            key = Base64.getDecoder().decode(config.secret().strip());
        } else {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        }
        this.work = new ProofOfWork(key, config.difficulty(), Duration.ofSeconds(Math.max(30, config.lifetimeSeconds())), Clock.systemUTC());
    }

    @Override
    public Challenge challenge(String region, String purpose) {
        ProofOfWork.Issued issued = work.issue(region, purpose);
        return new Challenge(ProofOfWork.KIND, issued.challenge(), issued.difficulty(), issued.expiresAt());
    }

    @Override
    public boolean verify(String region, String purpose, String solution) {
        return checkUnspent(region, purpose, solution).map(v -> accounts.spendHumanCheck(v.id(), v.expiresAt())).orElse(false);
    }

    /**
     * {@link #verify} without the spend: the id (as {@code human_check_spent} holds it) and expiry of a solution
     * that holds, for a caller that spends it in the commit of what it guards
     * ({@link AccountStore#auditSharedSpending}); empty when the solution does not hold.
     */
    public java.util.Optional<ProofOfWork.Valid> checkUnspent(String region, String purpose, String solution) {
        return work.check(region, purpose, solution).map(v -> new ProofOfWork.Valid("pow:" + v.id(), v.expiresAt()));
    }
}
