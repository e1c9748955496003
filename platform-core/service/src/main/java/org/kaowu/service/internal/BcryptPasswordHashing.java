package org.kaowu.service.internal;

import java.security.SecureRandom;
import java.util.concurrent.Semaphore;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.kaowu.api.PasswordHashing;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * bcrypt ($2y$) through Bouncy Castle. The cost is configurable so operators can raise it as hardware
 * gets faster; existing hashes carry their own cost and keep verifying.
 *
 * <p>At most {@code concurrentHashes} hashes run at once (by default one core fewer than the node has, at
 * least one), the others wait their turn in arrival order: at window opening the logins alone could take
 * every core (one bcrypt of cost 10 is about 60 ms of a core), and every other request (the enrollment
 * steps, the payments) would wait behind them. Bounded, logins queue and the rest keep a core.
 */
@Component(configurationPid = "org.kaowu.passwords")
@Designate(ocd = BcryptPasswordHashing.Config.class)
public final class BcryptPasswordHashing implements PasswordHashing {
    @ObjectClassDefinition(name = "Kaowu password hashing")
    public @interface Config {
        @AttributeDefinition(name = "bcrypt cost", description = "log2 of the work factor (10 = 1024 rounds)", min = "4", max = "31")
        int cost() default 10;

        @AttributeDefinition(name = "Hashes at once", description = "bcrypt hashes and verifications running at once; "
                + "0: one fewer than the processors (at least 1), so logins never take every core")
        int concurrentHashes() default 0;
    }

    private final SecureRandom random = new SecureRandom();
    private final int cost;
    private final Semaphore turns;

    @Activate
    public BcryptPasswordHashing(Config config) {
        this.cost = config.cost();
        this.turns = new Semaphore(concurrentHashes(config.concurrentHashes(), Runtime.getRuntime().availableProcessors()), true);
    }

    /** The hashes allowed at once: as configured, or (0) one fewer than the processors, at least one. */
    static int concurrentHashes(int configured, int processors) {
        return configured > 0 ? configured : Math.max(1, processors - 1);
    }

    /** Hashes that may start now without waiting (for tests). */
    int freeTurns() {
        return turns.availablePermits();
    }

    <T> T inTurn(java.util.function.Supplier<T> work) {
        turns.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            turns.release();
        }
    }

    @Override
    public String hash(char[] password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return inTurn(() -> OpenBSDBCrypt.generate("2y", password, salt, cost));
    }

    private volatile String dummyHash;

    @Override
    public boolean verifyNothing(char[] password) {
        String h = dummyHash;
        if (h == null) {
            // made once, lazily: it costs one bcrypt
            h = hash(java.util.UUID.randomUUID().toString().toCharArray());
            dummyHash = h;
        }
        verify(password, h);
        return false;
    }

    @Override
    public boolean verify(char[] password, String hash) {
        try {
            return inTurn(() -> OpenBSDBCrypt.checkPassword(hash, password));
        } catch (IllegalArgumentException | NullPointerException malformed) {
            return false;
        }
    }
}
