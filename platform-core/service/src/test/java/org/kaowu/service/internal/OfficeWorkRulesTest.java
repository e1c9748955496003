package org.kaowu.service.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kaowu.api.LocalizedText;
import org.kaowu.api.Office;
import org.kaowu.api.StaffRole;
import org.kaowu.spi.RegionProfile;
import org.kaowu.store.StoredStaff;

/** Who manages which staff account: administrators every account of a region, a province office those below it, a city office its counties'. */
class OfficeWorkRulesTest {
    private static final LiveRegion LAKELAND = region("lakeland", List.of(
            new Office("100000", LocalizedText.of("省", "Province"), Office.OfficeLevel.PROVINCE, ""),
            new Office("100100", LocalizedText.of("市", "City"), Office.OfficeLevel.CITY, "100000"),
            new Office("100101", LocalizedText.of("县一", "County 1"), Office.OfficeLevel.COUNTY, "100100"),
            new Office("100200", LocalizedText.of("市二", "City 2"), Office.OfficeLevel.CITY, "100000"),
            new Office("100201", LocalizedText.of("县二", "County 2"), Office.OfficeLevel.COUNTY, "100200")));

    private static LiveRegion region(String code, List<Office> offices) {
        RegionProfile profile = (RegionProfile) Proxy.newProxyInstance(RegionProfile.class.getClassLoader(), new Class<?>[] {RegionProfile.class},
                (p, m, a) -> switch (m.getName()) {
                    case "offices" -> offices;
                    case "code" -> code;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return new LiveRegion(code, profile, null, null, null, null, null, null, null, null, null, "org.example." + code, "1.0.0", Map.of());
    }

    private static StoredStaff staff(String name, StaffRole role, String region, String office) {
        return new StoredStaff(UUID.randomUUID(), name, "$2y$10$x", role, Optional.ofNullable(region), Optional.ofNullable(office), Instant.EPOCH);
    }

    private static final StoredStaff ADMIN = staff("admin", StaffRole.PLATFORM_ADMIN, null, null);
    private static final StoredStaff PROVINCE = staff("province", StaffRole.PROVINCE_OFFICE, "lakeland", "100000");
    private static final StoredStaff OTHER_PROVINCE = staff("province2", StaffRole.PROVINCE_OFFICE, "lakeland", "100000");
    private static final StoredStaff CITY = staff("city", StaffRole.CITY_OFFICE, "lakeland", "100100");
    private static final StoredStaff COUNTY = staff("county", StaffRole.COUNTY_OFFICE, "lakeland", "100101");
    private static final StoredStaff OTHER_COUNTY = staff("county2", StaffRole.COUNTY_OFFICE, "lakeland", "100201");
    private static final StoredStaff UNIT = staff("unit", StaffRole.ASSISTANCE_UNIT, "lakeland", "U1");
    private static final StoredStaff ELSEWHERE = staff("far", StaffRole.COUNTY_OFFICE, "testregion", "100101");

    @Test
    void anAdministratorManagesEveryAccountOfTheRegionButAdministrators() {
        assertThat(List.of(PROVINCE, CITY, COUNTY, UNIT)).allMatch(s -> OfficeWorkService.manages(ADMIN, s, LAKELAND));
        assertThat(OfficeWorkService.manages(ADMIN, staff("admin2", StaffRole.PLATFORM_ADMIN, null, null), LAKELAND)).isFalse();
        assertThat(OfficeWorkService.manages(ADMIN, ELSEWHERE, LAKELAND)).as("another region's account, asked at lakeland").isFalse();
    }

    @Test
    void aProvinceOfficeManagesTheAccountsBelowItInItsRegion() {
        assertThat(List.of(CITY, COUNTY, OTHER_COUNTY, UNIT)).allMatch(s -> OfficeWorkService.manages(PROVINCE, s, LAKELAND));
        assertThat(List.of(OTHER_PROVINCE, PROVINCE, ADMIN, ELSEWHERE)).noneMatch(s -> OfficeWorkService.manages(PROVINCE, s, LAKELAND));
    }

    @Test
    void aCityOfficeManagesItsCountiesOnlyAndCountiesAndUnitsManageNobody() {
        assertThat(OfficeWorkService.manages(CITY, COUNTY, LAKELAND)).isTrue();
        assertThat(List.of(OTHER_COUNTY, UNIT, PROVINCE, CITY, ELSEWHERE)).noneMatch(s -> OfficeWorkService.manages(CITY, s, LAKELAND));
        assertThat(List.of(CITY, OTHER_COUNTY, UNIT)).noneMatch(s -> OfficeWorkService.manages(COUNTY, s, LAKELAND));
        assertThat(List.of(COUNTY, OTHER_COUNTY)).noneMatch(s -> OfficeWorkService.manages(UNIT, s, LAKELAND));
    }
}
