package org.kaowu.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kaowu.api.PasswordHashing;

class ConsoleSecurityTest {
    /** Real bcrypt would need the service bundle; a reversible scheme is enough to test the file handling. */
    private final PasswordHashing hashing = new PasswordHashing() {
        @Override
        public String hash(char[] password) {
            return "h:" + Base64.getEncoder().encodeToString(new String(password).getBytes());
        }

        @Override
        public boolean verify(char[] password, String hash) {
            return hash.equals(hash(password));
        }

        @Override
        public boolean verifyNothing(char[] password) {
            return false;
        }
    };

    @Test
    void generatesAndStoresOnlyAHashWhenNothingIsConfigured(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("security/console-admin.bcrypt");
        String hash = ConsoleSecurity.establish(hashing, file, "");
        assertThat(Files.readString(file).strip()).isEqualTo(hash).startsWith("h:");
        assertThat(hashing.verify("admin".toCharArray(), hash)).isFalse();
        // the password itself is in a file only its owner may read, beside the hash
        Path generated = dir.resolve("security/console-admin.password");
        assertThat(Files.getPosixFilePermissions(generated)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(hashing.verify(Files.readString(generated).strip().toCharArray(), hash)).isTrue();
        // a restart keeps the generated password
        assertThat(ConsoleSecurity.establish(hashing, file, "")).isEqualTo(hash);
        // a configured one replaces it, and the generated one is gone
        ConsoleSecurity.establish(hashing, file, "Secret-2026");
        assertThat(generated).doesNotExist();
    }

    @Test
    void configuredPasswordSetsAndRotatesTheHash(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("console-admin.bcrypt");
        String first = ConsoleSecurity.establish(hashing, file, "Secret-2026");
        assertThat(hashing.verify("Secret-2026".toCharArray(), first)).isTrue();
        assertThat(Files.readString(file)).doesNotContain("Secret-2026");
        String rotated = ConsoleSecurity.establish(hashing, file, "Other-2027");
        assertThat(hashing.verify("Other-2027".toCharArray(), rotated)).isTrue();
        assertThat(hashing.verify("Secret-2026".toCharArray(), rotated)).isFalse();
    }

    @Test
    void parsesBasicCredentials() {
        String header = "Basic " + Base64.getEncoder().encodeToString("admin:pa:ss".getBytes());
        assertThat(ConsoleSecurity.Credentials.parse(header)).contains(new ConsoleSecurity.Credentials("admin", "pa:ss"));
        assertThat(ConsoleSecurity.Credentials.parse("Bearer x")).isEmpty();
        assertThat(ConsoleSecurity.Credentials.parse("Basic !!!")).isEmpty();
        assertThat(ConsoleSecurity.Credentials.parse(null)).isEmpty();
    }

}
