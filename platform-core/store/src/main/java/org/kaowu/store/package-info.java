/**
 * Persistence of candidates for the service layer. One schema for all regions, every row carrying its
 * region code; invariants (one registration per ID number and region, unique ticket numbers) are
 * enforced by the database.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.kaowu.store;
