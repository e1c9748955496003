package org.kaowu.service.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** SMS and e-mail texts follow the candidate's language; every language keeps the code findable. */
class CandidateMessagesTest {
    @Test
    void anUyghurCandidateGetsUyghurFirstAndChineseToo() {
        String sms = CandidateMessages.bindingCode(Optional.of("ug"), "123456");
        assertThat(sms).startsWith("ئىمتىھان دەلىللەش كودى").contains("考务验证码").contains("code: 123456");
        assertThat(CandidateMessages.resetCode(Optional.of("ug"), "654321")).startsWith("پارولنى").contains("code: 654321");
        assertThat(CandidateMessages.resetBody(Optional.of("ug"), "https://x/y")).contains("ئۇلانمىنى").contains("https://x/y").contains("重设密码");
    }

    @Test
    void aChineseCandidateOrOneWithoutALanguageGetsChineseWithEnglish() {
        for (Optional<String> language : java.util.List.of(Optional.<String>empty(), Optional.of("zh"), Optional.of("zh-CN"), Optional.of("fr"))) {
            assertThat(CandidateMessages.bindingCode(language, "123456")).isEqualTo("考务验证码 / Kaowu verification code: 123456 (10 min)");
            assertThat(CandidateMessages.resetSubject(language)).contains("重设密码");
        }
        assertThat(CandidateMessages.resetSubject(Optional.of("en"))).startsWith("Kaowu: reset your password");
    }

    @Test
    void everyLanguageHasEveryText() {
        for (String language : new String[] {"zh", "en", "ug"}) {
            var bundle = CandidateMessages.bundle(Optional.of(language));
            for (String key : CandidateMessages.KEYS) {
                assertThat(bundle.getString(key)).as(language + " " + key).isNotBlank();
                if (key.startsWith("sms")) {
                    assertThat(bundle.getString(key)).as(language + " " + key).contains("code: {code}");
                }
            }
            assertThat(bundle.getLocale().getLanguage()).isEqualTo("zh".equals(language) ? "" : language);
        }
    }
}
