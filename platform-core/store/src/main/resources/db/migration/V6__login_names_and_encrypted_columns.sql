-- Kaowu schema, version 6: login names with a unique key, encrypted personal data beside keyed hashes,
-- session epochs, and the provenance of tickets issued after registration. Portable SQL: Derby and PostgreSQL.

-- ID and mobile numbers: AES-GCM ciphertext ("<key id>:<base64>") and an HMAC-SHA256 for lookups and uniqueness.
-- V7 fills them from the clear columns, V8 drops those.
ALTER TABLE candidate ADD COLUMN id_number_enc VARCHAR(200);
ALTER TABLE candidate ADD COLUMN id_number_mac CHAR(64);
ALTER TABLE candidate ADD COLUMN mobile_enc VARCHAR(200);
ALTER TABLE candidate ADD COLUMN mobile_mac CHAR(64);
ALTER TABLE record_on_file ADD COLUMN id_number_enc VARCHAR(200);
ALTER TABLE record_on_file ADD COLUMN id_number_mac CHAR(64);
-- The address a mobile-binding code was sent to (encrypted), instead of the number in clear in channel.
ALTER TABLE password_recovery ADD COLUMN target_enc VARCHAR(200);

-- Which of the candidate's e-mail and mobile are login names (the region's flow says so at registration).
ALTER TABLE candidate ADD COLUMN login_kinds VARCHAR(64);
-- The region bundle and version that issued the ticket number, when it was issued after registration.
ALTER TABLE candidate ADD COLUMN ticket_issued_by VARCHAR(200);

-- E-mail and mobile login names, per region: one candidate each, whoever registers at the same moment.
CREATE TABLE login_name (
    region_code VARCHAR(32) NOT NULL,
    value_mac CHAR(64) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    candidate_id CHAR(36) NOT NULL,
    CONSTRAINT pk_login_name PRIMARY KEY (region_code, value_mac)
);
CREATE INDEX ix_login_name_candidate ON login_name (candidate_id);

-- Sessions of an account issued before not_before are over (a password change or reset), but for kept_token.
CREATE TABLE session_epoch (
    subject CHAR(36) NOT NULL,
    not_before TIMESTAMP NOT NULL,
    kept_token CHAR(36),
    CONSTRAINT pk_session_epoch PRIMARY KEY (subject)
);

-- Every ticket number in use in a region, whoever holds it (a candidate, or a record on file of the earlier
-- system): the sequence skips these, an import cannot bring one in twice, and the primary key decides a race.
CREATE TABLE held_ticket (
    region_code VARCHAR(32) NOT NULL,
    ticket_number VARCHAR(32) NOT NULL,
    CONSTRAINT pk_held_ticket PRIMARY KEY (region_code, ticket_number)
);
INSERT INTO held_ticket (region_code, ticket_number)
    SELECT region_code, ticket_number FROM candidate WHERE ticket_number IS NOT NULL
    UNION SELECT region_code, ticket_number FROM record_on_file;
