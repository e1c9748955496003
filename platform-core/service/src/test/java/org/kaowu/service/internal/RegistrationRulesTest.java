package org.kaowu.service.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;

class RegistrationRulesTest {
    @ParameterizedTest
    @ValueSource(strings = {"张三", "买买提·艾力", "Zhang San", "欧阳娜娜", "Jose\u0301 Li", "김민준", "ئەخمەت"})
    void acceptsNames(String name) {
        assertThat(RegistrationRules.name(name)).isEqualTo(name);
    }

    @Test
    void refusesBadNames() {
        assertCode(() -> RegistrationRules.name(" "), ErrorCode.FIELD_REQUIRED, "name");
        assertCode(() -> RegistrationRules.name("张".repeat(65)), ErrorCode.FIELD_TOO_LONG, "name");
        assertCode(() -> RegistrationRules.name("<script>"), ErrorCode.VALIDATION_FAILED, "name");
        assertCode(() -> RegistrationRules.name("张三3"), ErrorCode.VALIDATION_FAILED, "name");
    }

    /** Names that print as nothing: only combining marks, Hangul fillers, zero-width characters. */
    @ParameterizedTest
    @ValueSource(strings = {"\u0301\u0302", "\u3164", "\u3164\u3164", "\u115F\u1160", "\uFFA0", "\u200B", "\u200C\u200D",
            "\u2060", "\uFEFF", "\u034F", "张\u200B三", "\u0301张三", "张 \u3164"})
    void refusesInvisibleNames(String name) {
        assertCode(() -> RegistrationRules.name(name), ErrorCode.VALIDATION_FAILED, "name");
    }

    @Test
    void limitsAreOneToMax() {
        assertThat(RegistrationRules.limit(1, 500)).isEqualTo(1);
        assertThat(RegistrationRules.limit(500, 500)).isEqualTo(500);
        assertCode(() -> RegistrationRules.limit(0, 500), ErrorCode.VALIDATION_FAILED, "limit");
        assertCode(() -> RegistrationRules.limit(-1, 500), ErrorCode.VALIDATION_FAILED, "limit");
        assertCode(() -> RegistrationRules.limit(501, 500), ErrorCode.VALIDATION_FAILED, "limit");
    }

    @Test
    void mobileMustBeMainlandNumber() {
        assertThat(RegistrationRules.mobile("13800138000")).isEqualTo("13800138000");
        assertCode(() -> RegistrationRules.mobile("12800138000"), ErrorCode.VALIDATION_FAILED, "mobile");
        assertCode(() -> RegistrationRules.mobile("1380013800"), ErrorCode.VALIDATION_FAILED, "mobile");
    }

    @Test
    void emailOptionalUnlessRequired() {
        assertThat(RegistrationRules.email(Optional.empty(), false)).isEmpty();
        assertThat(RegistrationRules.email(Optional.of("a@b.cn"), true)).contains("a@b.cn");
        assertThat(RegistrationRules.email(Optional.of(" Li.Bai@Example.CN "), true)).as("stored in lower case").contains("li.bai@example.cn");
        assertCode(() -> RegistrationRules.email(Optional.empty(), true), ErrorCode.FIELD_REQUIRED, "email");
        assertCode(() -> RegistrationRules.email(Optional.of("nope"), false), ErrorCode.VALIDATION_FAILED, "email");
    }

    @Test
    void passwordRules() {
        RegistrationRules.password("abcdefg1".toCharArray());
        assertCode(() -> RegistrationRules.password("abc1".toCharArray()), ErrorCode.WEAK_PASSWORD, "password");
        assertCode(() -> RegistrationRules.password("abcdefgh".toCharArray()), ErrorCode.WEAK_PASSWORD, "password");
        assertCode(() -> RegistrationRules.password("12345678".toCharArray()), ErrorCode.WEAK_PASSWORD, "password");
        assertCode(() -> RegistrationRules.password(("a1" + "x".repeat(63)).toCharArray()), ErrorCode.FIELD_TOO_LONG, "password");
        // 25 Chinese characters are 75 bytes in UTF-8: more than bcrypt reads
        assertCode(() -> RegistrationRules.password(("1" + "密".repeat(25)).toCharArray()), ErrorCode.FIELD_TOO_LONG, "password");
        assertCode(() -> RegistrationRules.password(new char[0]), ErrorCode.FIELD_REQUIRED, "password");
    }

    private static void assertCode(Runnable r, ErrorCode code, String field) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(KaowuException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).contains(field);
        });
    }
}
