package org.kaowu.api;

/**
 * What a staff account may do, and over which candidates (its scope): a county office its own
 * candidates, a city office those of its counties, a province office the whole region, an assistance
 * unit the candidates registered through it, a platform administrator staff accounts in every region.
 */
public enum StaffRole {
    COUNTY_OFFICE,
    CITY_OFFICE,
    PROVINCE_OFFICE,
    ASSISTANCE_UNIT,
    PLATFORM_ADMIN
}
