/**
 * Region data files: the reader that turns a region bundle's {@value org.kaowu.regiondata.RegionDataReader#FOLDER}
 * folder into checked rule values, for the platform's extender and for a region's own build-time tests.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package org.kaowu.regiondata;
