/**
 * Kaowu's domain values and the services that the REST and web layers call. Nothing in here names a
 * region: region rules come from region bundles through {@code org.kaowu.spi}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package org.kaowu.api;
