package org.kaowu.regiondata.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Hashtable;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kaowu.api.rules.EnrollmentWindow;
import org.kaowu.api.rules.Fee;
import org.kaowu.regiondata.RegionData;
import org.kaowu.regiondata.RegionDataReader;

class OverridesTest {
    private static RegionData data;

    @BeforeAll
    static void read() throws Exception {
        data = RegionDataReader.readDirectory("testland", Path.of("src/test/resources/testland/kaowu-region"));
    }

    private static Hashtable<String, Object> props(String key, Object value) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(key, value);
        return p;
    }

    @Test
    void noConfigurationKeepsTheBundlesData() throws Exception {
        assertThat(Overrides.apply(data, null)).isSameAs(data);
        assertThat(Overrides.apply(data, new Hashtable<>())).isEqualTo(data);
    }

    @Test
    void windowsLocksFeesAndHolidaysAreReplaced() throws Exception {
        Hashtable<String, Object> p = props(Overrides.ENROLLMENT_WINDOWS, "2026-04=2026-03-01T09:00/2026-03-08T17:00");
        p.put(Overrides.DAILY_LOCKS, new String[] {"02:00-06:00", "23:30-00:30"});
        p.put(Overrides.FEES, "per-course=50.00, recheck=1.5");
        p.put(Overrides.HOLIDAYS, "2026-11-27");
        RegionData d = Overrides.apply(data, p);
        assertThat(d.sittings().get(0).enrollment()).containsExactly(
                new EnrollmentWindow(LocalDateTime.parse("2026-03-01T09:00"), LocalDateTime.parse("2026-03-08T17:00")));
        assertThat(d.sittings().get(1)).isEqualTo(data.sittings().get(1));
        assertThat(d.dailyLocks()).hasSize(2);
        assertThat(d.dailyLocks().get(1).covers(LocalTime.of(0, 15))).isTrue();
        assertThat(d.fees().fees()).filteredOn(f -> f.code().equals("per-course")).singleElement()
                .extracting(Fee::amount).isEqualTo(new BigDecimal("50.00"));
        assertThat(d.workingDays().isWorkingDay(LocalDate.of(2026, 11, 27))).isFalse();
        assertThat(data.workingDays().isWorkingDay(LocalDate.of(2026, 11, 27))).as("the bundle's data is untouched").isTrue();
    }

    @Test
    void aValueThatBreaksARuleNamesItsProperty() {
        assertThatThrownBy(() -> Overrides.apply(data, props(Overrides.ENROLLMENT_WINDOWS, "2026-04=2026-03-08T09:00/2026-03-01T17:00")))
                .hasMessageStartingWith("property enrollmentWindows value '2026-04=2026-03-08T09:00/2026-03-01T17:00'")
                .hasMessageContaining("closes (2026-03-01T17:00) before it opens");
        assertThatThrownBy(() -> Overrides.apply(data, props(Overrides.ENROLLMENT_WINDOWS, "2026-04=2026-04-10T09:00/2026-04-11T17:00")))
                .hasMessageContaining("property enrollmentWindows").hasMessageContaining("not before the first session");
        assertThatThrownBy(() -> Overrides.apply(data, props(Overrides.ENROLLMENT_WINDOWS, "1999-04=2026-03-01T09:00/2026-03-08T17:00")))
                .hasMessageContaining("no sitting 1999-04");
        assertThatThrownBy(() -> Overrides.apply(data, props(Overrides.FEES, "lunch=5"))).hasMessageContaining("no fee lunch");
        assertThatThrownBy(() -> Overrides.apply(data, props(Overrides.DAILY_LOCKS, "2am-6am"))).hasMessageStartingWith("property dailyLocks");
        assertThatThrownBy(() -> Overrides.apply(data, props(Overrides.MAKE_UP_DAYS, "2026-11-27")))
                .hasMessageContaining("property makeUpWorkingDays").hasMessageContaining("is a FRIDAY");
    }
}
