package org.kaowu.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleOriginGuardTest {
    @Test
    void onlyTheConsolesOwnOriginMayPost() {
        assertThat(ConsoleOriginGuard.sameOrigin("http://127.0.0.1:8080", "http", "127.0.0.1:8080")).isTrue();
        assertThat(ConsoleOriginGuard.sameOrigin("http://127.0.0.1:8080/system/console/kaowu-deploy", "http", "127.0.0.1:8080")).isTrue();
        assertThat(ConsoleOriginGuard.sameOrigin("http://evil.example", "http", "127.0.0.1:8080")).isFalse();
        assertThat(ConsoleOriginGuard.sameOrigin("http://127.0.0.1:8081", "http", "127.0.0.1:8080")).isFalse();
        // behind a proxy that ends TLS and keeps the Host header
        assertThat(ConsoleOriginGuard.sameOrigin("https://kaowu.example", "http", "kaowu.example")).isTrue();
        assertThat(ConsoleOriginGuard.sameOrigin("ftp://127.0.0.1:8080", "http", "127.0.0.1:8080")).isFalse();
        assertThat(ConsoleOriginGuard.sameOrigin("http://127.0.0.1:8080.evil.example", "http", "127.0.0.1:8080")).isFalse();
        assertThat(ConsoleOriginGuard.sameOrigin("null", "http", "127.0.0.1:8080")).isFalse();
        assertThat(ConsoleOriginGuard.sameOrigin("http://127.0.0.1:8080", "http", null)).isFalse();
    }
}
