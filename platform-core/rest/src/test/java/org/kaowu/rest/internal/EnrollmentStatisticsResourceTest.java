package org.kaowu.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CSV cells stay cells: separators and quotes are quoted, and a formula never reaches a spreadsheet. */
class EnrollmentStatisticsResourceTest {
    @Test
    void cellsAreQuotedAndFormulasNeutralised() {
        assertThat(EnrollmentStatisticsResource.cell("03708")).isEqualTo("03708");
        assertThat(EnrollmentStatisticsResource.cell("乌鲁木齐考区")).isEqualTo("乌鲁木齐考区");
        assertThat(EnrollmentStatisticsResource.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(EnrollmentStatisticsResource.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(EnrollmentStatisticsResource.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(EnrollmentStatisticsResource.cell("")).isEmpty();
    }
}
