package org.kaowu.plugins.feeoverride;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.kaowu.api.rules.Fee;

class FeeOverrideTest {
    private static FeeOverride.Config config(String perCourse) {
        return new FeeOverride.Config() {
            public String kaowu_region() {
                return "testland";
            }

            public int service_ranking() {
                return 100;
            }

            public String perCourse() {
                return perCourse;
            }

            public String recheck() {
                return "0";
            }

            public Class<? extends Annotation> annotationType() {
                return FeeOverride.Config.class;
            }
        };
    }

    @Test
    void theConfiguredAmountIsCharged() {
        assertThat(new FeeOverride(config("25.00")).fees().fees()).filteredOn(f -> f.code().equals("per-course"))
                .singleElement().extracting(Fee::amount).isEqualTo(new BigDecimal("25.00"));
    }

    @Test
    void aNegativeAmountIsRefused() {
        assertThatThrownBy(() -> new FeeOverride(config("-1"))).hasMessageContaining("must be 0 or more");
    }
}
