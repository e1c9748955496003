package org.kaowu.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathGuardTest {
    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/regions/%2e%2e/x", "/api/v1/regions/a%2Fb", "/api/v1/regions/..%2fx", "/api/v1/%2E%2E",
            "/api/v1/regions/a%5Cb", "/api/v1/regions/a%00b", "/api/v1/regions/a%0ab", "/api/v1/regions/%252e", "/api/v1/regions//x",
            "/api/v1/../v1/regions", "/api/v1/./regions", "/api/v1/regions/a;b", "/api/v1/regions/a\\b", "/api/v1/regions/%u002e%u002e",
            "/portal/%2e%2e/system/console", "/api/v1/regions/a%7f"})
    void refusesAmbiguousPaths(String raw) {
        assertThat(PathGuard.ambiguous(raw)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/v1/regions", "/api/v1/regions/", "/api/v1/regions/myland/candidates", "/portal/index.html",
            "/api/v1/regions/%E6%9F%90%E7%9C%81", "/api/v1/regions/a%20b", "/system/console/bundles", "/api/v1/regions/a.b"})
    void passesPlainPaths(String raw) {
        assertThat(PathGuard.ambiguous(raw)).isFalse();
    }
}
