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
        public int concurrentHashes() {
            return 1;
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

    @Test
    void leavesACoreToEverythingElse() {
        assertThat(BcryptPasswordHashing.concurrentHashes(0, 2)).isEqualTo(1);
        assertThat(BcryptPasswordHashing.concurrentHashes(0, 8)).isEqualTo(7);
        assertThat(BcryptPasswordHashing.concurrentHashes(0, 1)).isEqualTo(1);
        assertThat(BcryptPasswordHashing.concurrentHashes(3, 2)).isEqualTo(3);
    }

    @Test
    void aSecondHashWaitsForTheTurnOfTheFirstWhenBoundedToOne() throws Exception {
        String hash = hashing.hash("s3cret-pass".toCharArray());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.atomic.AtomicReference<Thread> second = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.Future<Boolean> waiting = hashing.inTurn(() -> {
                java.util.concurrent.Future<Boolean> f = pool.submit(() -> {
                    second.set(Thread.currentThread());
                    return hashing.verify("s3cret-pass".toCharArray(), hash);
                });
                // the second verification parks on the turn this one holds (no time limit of its own: it never gets past)
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                while (second.get() == null || second.get().getState() != Thread.State.WAITING) {
                    assertThat(System.nanoTime() - deadline).as("the second verification parks on the turn").isNegative();
                    Thread.onSpinWait();
                }
                assertThat(f).isNotDone();
                assertThat(hashing.freeTurns()).isZero();
                return f;
            });
            assertThat(waiting.get()).isTrue();
            assertThat(hashing.freeTurns()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
