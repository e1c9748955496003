/**
 * The interfaces a region bundle implements. A region registers each service with the property
 * {@value org.kaowu.spi.RegionProperties#REGION} set to its code; the core finds them dynamically, so a
 * region is added, replaced or removed by installing, updating or uninstalling its bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.kaowu.spi;
