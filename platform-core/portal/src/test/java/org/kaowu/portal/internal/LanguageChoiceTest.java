package org.kaowu.portal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class LanguageChoiceTest {
    private static final Set<String> HAS = new TreeSet<>(Set.of("zh-CN", "en", "ug"));

    private static String choose(String query, String cookie, String accept) {
        return LanguageChoice.choose(Optional.ofNullable(query), Optional.ofNullable(cookie), Optional.ofNullable(accept), HAS);
    }

    @Test
    void theQueryWinsThenTheRememberedChoiceThenTheBrowser() {
        assertThat(choose("ug", "en", "en-US")).isEqualTo("ug");
        assertThat(choose(null, "en", "ug")).isEqualTo("en");
        assertThat(choose(null, null, "ug-CN,ug;q=0.9,zh;q=0.5")).isEqualTo("ug");
        assertThat(choose("fr", null, null)).as("a language the portal lacks is ignored").isEqualTo("zh-CN");
        assertThat(choose("<script>", "x\"y", "*")).isEqualTo("zh-CN");
    }

    @Test
    void acceptLanguageIsReadByWeightAmongTheLanguagesThePortalHas() {
        assertThat(choose(null, null, "fr-FR,fr;q=0.9,en;q=0.8,zh-CN;q=0.7")).isEqualTo("en");
        assertThat(choose(null, null, "en;q=0.2, zh-TW;q=0.9")).as("zh-TW falls to the portal's Chinese").isEqualTo("zh-CN");
        assertThat(choose(null, null, "en;q=0, ru")).isEqualTo("zh-CN");
        assertThat(choose(null, null, "EN-gb")).isEqualTo("en");
    }
}
