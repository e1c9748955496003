package org.kaowu.service.internal;

import java.security.SecureRandom;

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
 */
@Component(configurationPid = "org.kaowu.passwords")
@Designate(ocd = BcryptPasswordHashing.Config.class)
public final class BcryptPasswordHashing implements PasswordHashing {
    @ObjectClassDefinition(name = "Kaowu password hashing")
    public @interface Config {
        @AttributeDefinition(name = "bcrypt cost", description = "log2 of the work factor (10 = 1024 rounds)", min = "4", max = "31")
        int cost() default 10;
    }

    private final SecureRandom random = new SecureRandom();
    private final int cost;

    @Activate
    public BcryptPasswordHashing(Config config) {
        this.cost = config.cost();
    }

    @Override
    public String hash(char[] password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password, salt, cost);
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
            return OpenBSDBCrypt.checkPassword(hash, password);
        } catch (IllegalArgumentException | NullPointerException malformed) {
            return false;
        }
    }
}
