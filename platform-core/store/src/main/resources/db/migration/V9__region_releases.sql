-- Kaowu schema, version 9: the region versions that have served, with the digest of their data files,
-- so that changed data under an unchanged Bundle-Version is refused (every decision names the version
-- whose rules made it, so a version must always mean the same rules).
CREATE TABLE region_release (
    region_code VARCHAR(32) NOT NULL,
    bundle_version VARCHAR(100) NOT NULL,
    bundle VARCHAR(200) NOT NULL,
    data_digest VARCHAR(64) NOT NULL,
    first_served_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_region_release PRIMARY KEY (region_code, bundle_version)
);
