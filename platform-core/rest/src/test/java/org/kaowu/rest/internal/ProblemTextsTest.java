package org.kaowu.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

import org.junit.jupiter.api.Test;
import org.kaowu.api.ErrorCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Every problem code has a Chinese and an English title and detail, and the client's language is chosen. */
class ProblemTextsTest {
    /** Every code a problem can carry: the ErrorCodes and the REST layer's own, as openapi.json lists them. */
    private static List<String> codes() throws Exception {
        List<String> codes = new ArrayList<>();
        for (ErrorCode c : ErrorCode.values()) {
            codes.add(c.name());
        }
        try (var in = OpenApiResource.class.getResourceAsStream(OpenApiResource.DOCUMENT)) {
            JsonNode doc = new ObjectMapper().readTree(in);
            doc.findValues("code").forEach(n -> n.path("enum").forEach(e -> {
                if (!codes.contains(e.asText())) {
                    codes.add(e.asText());
                }
            }));
        }
        return codes;
    }

    @Test
    void everyCodeHasChineseAndEnglishTexts() throws Exception {
        assertThat(codes()).contains("REGION_OUT_OF_SERVICE", "MALFORMED_JSON", "INTERNAL_ERROR");
        for (String language : List.of("zh", "en")) {
            ResourceBundle b = ProblemTexts.bundle(language);
            for (String code : codes()) {
                assertThat(b.containsKey(code + ".title")).as(language + " title of " + code).isTrue();
                assertThat(b.containsKey(code + ".detail")).as(language + " detail of " + code).isTrue();
                assertThat(b.getString(code + ".title")).as(language + " title of " + code).isNotBlank();
            }
        }
        // the Chinese texts are Chinese (the file is read as UTF-8), the English ones are not
        assertThat(ProblemTexts.title("zh", "REGION_NOT_FOUND")).contains("地区不存在");
        assertThat(ProblemTexts.title("en", "REGION_NOT_FOUND")).contains("Region not found");
        assertThat(ProblemTexts.title("ug", "REGION_NOT_FOUND").orElseThrow()).doesNotContain("地区").isNotEqualTo("Region not found");
    }

    @Test
    void theClientsFirstKnownLanguageWinsAndChineseIsTheDefault() {
        assertThat(ProblemTexts.language(List.of(new Locale("*")))).isEqualTo("zh");
        assertThat(ProblemTexts.language(List.of())).isEqualTo("zh");
        assertThat(ProblemTexts.language(List.of(Locale.forLanguageTag("en-US")))).isEqualTo("en");
        assertThat(ProblemTexts.language(List.of(Locale.forLanguageTag("fr"), Locale.forLanguageTag("ug-CN"), Locale.ENGLISH))).isEqualTo("ug");
        assertThat(ProblemTexts.language(List.of(Locale.forLanguageTag("zh-CN"), Locale.ENGLISH))).isEqualTo("zh");
    }

    @Test
    void englishKeepsTheFailuresOwnDetailOtherLanguagesTheirText() {
        assertThat(ProblemTexts.detail("en", "FORBIDDEN", "may not read that candidate")).contains("may not read that candidate");
        assertThat(ProblemTexts.detail("en", "FORBIDDEN", null)).contains("Your role or scope does not allow this.");
        assertThat(ProblemTexts.detail("zh", "FORBIDDEN", "may not read that candidate")).contains("您的角色或管辖范围不允许此操作。");
        // Uyghur has titles; a detail without an Uyghur text is given in Chinese
        assertThat(ProblemTexts.detail("ug", "FORBIDDEN", "x")).contains("您的角色或管辖范围不允许此操作。");
        assertThat(ProblemTexts.detail("zh", "INTERNAL_ERROR", "Internal error; incident 42").orElseThrow()).contains("incident 42");
    }
}
