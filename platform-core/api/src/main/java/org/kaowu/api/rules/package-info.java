/**
 * The values that make up a region's rules: calendar, registration flow, identity confirmation, fees,
 * policies and catalogue. Region bundles supply them through {@code org.kaowu.spi}; clients read them
 * through {@link org.kaowu.api.RegionDirectory}. Every constructor checks its own consistency and throws
 * {@link IllegalArgumentException} with a sentence that names the problem, so a region data file that
 * breaks a rule is refused with a precise message. Dates and times without an offset are in the region's
 * time zone.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.kaowu.api.rules;
