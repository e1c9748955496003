package org.kaowu.service.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BcryptPasswordHashingTest {
    private final BcryptPasswordHashing hashing = new BcryptPasswordHashing(new BcryptPasswordHashing.Config() {
        @Override
        public int cost() {
            return 4;
        }

        @Override
        public Class<? extends java.lang.annotation.Annotation> annotationType() {
            return BcryptPasswordHashing.Config.class;
        }
    });

    @Test
    void hashIsBcryptAndNeverThePassword() {
        String hash = hashing.hash("s3cret-pass".toCharArray());
        assertThat(hash).startsWith("$2y$04$").hasSize(60).doesNotContain("s3cret");
    }

    @Test
    void verifiesOnlyTheRightPassword() {
        String hash = hashing.hash("s3cret-pass".toCharArray());
        assertThat(hashing.verify("s3cret-pass".toCharArray(), hash)).isTrue();
        assertThat(hashing.verify("s3cret-pasS".toCharArray(), hash)).isFalse();
        assertThat(hashing.verify("".toCharArray(), hash)).isFalse();
    }

    @Test
    void samePasswordGetsADifferentSaltEachTime() {
        assertThat(hashing.hash("s3cret-pass".toCharArray())).isNotEqualTo(hashing.hash("s3cret-pass".toCharArray()));
    }

    @Test
    void malformedStoredHashNeverVerifies() {
        assertThat(hashing.verify("s3cret-pass".toCharArray(), "not-a-hash")).isFalse();
    }

    @Test
    void chinesePasswordsWork() {
        String hash = hashing.hash("考试密码2026".toCharArray());
        assertThat(hashing.verify("考试密码2026".toCharArray(), hash)).isTrue();
    }
}
