package org.kaowu.regions.chongqing;

import java.time.ZoneId;
import java.util.List;

import org.kaowu.api.LocalizedText;
import org.kaowu.api.Office;
import org.kaowu.api.Office.OfficeLevel;

/**
 * Chongqing's data (seed 001). Chongqing is a municipality: its districts and counties report to the
 * municipal examination authority directly, so there is no city level. Office codes are the GB/T 2260
 * administrative codes.
 */
final class Chongqing {
    static final String CODE = "chongqing";
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final String PROVINCE_OFFICE = "500000";
    static final String DEFAULT_OFFICE = "500103";

    static final List<Office> OFFICES = List.of(
            new Office(PROVINCE_OFFICE, LocalizedText.of("重庆市教育考试院", "Chongqing Education Examinations Authority"), OfficeLevel.PROVINCE, ""),
            county("500101", "万州区", "Wanzhou District"),
            county("500102", "涪陵区", "Fuling District"),
            county("500103", "渝中区", "Yuzhong District"),
            county("500104", "大渡口区", "Dadukou District"),
            county("500105", "江北区", "Jiangbei District"),
            county("500106", "沙坪坝区", "Shapingba District"),
            county("500107", "九龙坡区", "Jiulongpo District"),
            county("500108", "南岸区", "Nan'an District"),
            county("500109", "北碚区", "Beibei District"),
            county("500112", "渝北区", "Yubei District"),
            county("500113", "巴南区", "Banan District"));

    private Chongqing() {
    }

    private static Office county(String code, String zh, String en) {
        return new Office(code, LocalizedText.of(zh, en), OfficeLevel.COUNTY, PROVINCE_OFFICE);
    }
}
