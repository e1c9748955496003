package org.kaowu.regiondata.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kaowu.regiondata.RegionData;
import org.kaowu.regiondata.RegionDataReader;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/** The console's form refuses a value that breaks a rule, naming the property, before it is saved. */
class OverridesMetaTypeTest {
    private static ObjectClassDefinition form;

    @BeforeAll
    static void read() throws Exception {
        RegionData data = RegionDataReader.readDirectory("testland", Path.of("src/test/resources/testland/kaowu-region"));
        form = new OverridesMetaType("org.kaowu.region.testland", "Testland", data).getObjectClassDefinition("org.kaowu.region.testland", null);
    }

    private static AttributeDefinition attribute(String id) {
        return Arrays.stream(form.getAttributeDefinitions(ObjectClassDefinition.ALL)).filter(a -> a.getID().equals(id)).findFirst()
                .orElseThrow();
    }

    @Test
    void aFeeThatIsNotANumberIsRefusedWithTheProperty() {
        String problem = attribute(Overrides.FEES).validate("per-course=abc");
        assertThat(problem).isNotEmpty().contains("fees").contains("per-course=abc").contains("not a number");
        assertThat(attribute(Overrides.FEES).validate("no-such-fee=3")).contains("no fee no-such-fee");
    }

    @Test
    void goodValuesPass() {
        assertThat(attribute(Overrides.FEES).validate("per-course=30.00")).isEmpty();
        assertThat(attribute(Overrides.DAILY_LOCKS).validate("02:00-06:00")).isEmpty();
        assertThat(attribute(Overrides.HOLIDAYS).validate("2027-10-08")).isEmpty();
        assertThat(attribute(Overrides.FEES).validate("")).isEmpty();
    }

    @Test
    void everyPropertyIsChecked() {
        assertThat(attribute(Overrides.DAILY_LOCKS).validate("2am-6am")).contains("dailyLocks");
        assertThat(attribute(Overrides.HOLIDAYS).validate("tomorrow")).contains("publicHolidays");
        assertThat(attribute(Overrides.MAKE_UP_DAYS).validate("2027-13-01")).contains("makeUpWorkingDays");
        assertThat(attribute(Overrides.ENROLLMENT_WINDOWS).validate("2026-04=2026-03-08T17:00")).contains("enrollmentWindows");
    }
}
