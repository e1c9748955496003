-- Kaowu schema, version 8: the clear ID and mobile numbers are gone once V7 has encrypted every one of them.
-- Uniqueness and lookups now use the keyed hashes.
ALTER TABLE candidate DROP CONSTRAINT uq_candidate_id_number;
DROP INDEX ix_candidate_mobile;
DROP INDEX ix_record_on_file_id;
ALTER TABLE candidate DROP COLUMN id_number;
ALTER TABLE candidate DROP COLUMN mobile;
ALTER TABLE record_on_file DROP COLUMN id_number;
ALTER TABLE candidate ADD CONSTRAINT uq_candidate_id_mac UNIQUE (region_code, id_number_mac);
CREATE INDEX ix_candidate_mobile_mac ON candidate (region_code, mobile_mac);
CREATE INDEX ix_record_on_file_id_mac ON record_on_file (region_code, id_number_mac);
