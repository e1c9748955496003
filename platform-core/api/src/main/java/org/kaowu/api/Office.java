package org.kaowu.api;

/**
 * An examination office (省考办 / 市考办 / 县(区)考办) with its administrative code (GB/T 2260) and
 * the code of the office above it (empty for the province office).
 */
public record Office(String code, LocalizedText names, OfficeLevel level, String parentCode) {
    public enum OfficeLevel { PROVINCE, CITY, COUNTY }
}
