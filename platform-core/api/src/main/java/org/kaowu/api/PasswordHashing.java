package org.kaowu.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's one password hashing scheme (bcrypt). Hashes are self-describing strings; the plain
 * password is never stored or logged.
 */
@ProviderType
public interface PasswordHashing {
    String hash(char[] password);

    boolean verify(char[] password, String hash);

    /**
     * Spends the time of one {@link #verify} and returns false: for a login name that matched nobody, so
     * that the answer's time does not tell whether the name exists.
     */
    boolean verifyNothing(char[] password);
}
