package org.kaowu.api;

import java.math.BigDecimal;

/**
 * What an enrollment costs, computed from the region's fee schedule: the amount (2 decimals), its ISO
 * 4217 currency, and {@code pricedBy}, the bundle and version of the FeeSchedule that priced it (a region
 * or a fee plugin), so an order can say which rules it was made under.
 */
public record EnrollmentPrice(BigDecimal value, String currency, String pricedBy) {
}
