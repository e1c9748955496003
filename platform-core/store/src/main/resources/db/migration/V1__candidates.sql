-- Kaowu schema, version 1: candidates and ticket-number counters.
-- Portable SQL only: it runs unchanged on Apache Derby and PostgreSQL.
CREATE TABLE candidate (
    id CHAR(36) NOT NULL,
    region_code VARCHAR(32) NOT NULL,
    full_name VARCHAR(64) NOT NULL,
    id_type VARCHAR(24) NOT NULL,
    id_number VARCHAR(32) NOT NULL,
    mobile VARCHAR(20) NOT NULL,
    email VARCHAR(254),
    password_hash VARCHAR(100) NOT NULL,
    status VARCHAR(24) NOT NULL,
    ticket_number VARCHAR(32),
    office_code VARCHAR(16) NOT NULL,
    decided_by_bundle VARCHAR(128) NOT NULL,
    decided_by_version VARCHAR(64) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    row_version BIGINT NOT NULL,
    CONSTRAINT pk_candidate PRIMARY KEY (id),
    CONSTRAINT uq_candidate_id_number UNIQUE (region_code, id_number),
    CONSTRAINT uq_candidate_ticket UNIQUE (region_code, ticket_number)
);

CREATE TABLE ticket_sequence (
    region_code VARCHAR(32) NOT NULL,
    scope VARCHAR(64) NOT NULL,
    last_value BIGINT NOT NULL,
    CONSTRAINT pk_ticket_sequence PRIMARY KEY (region_code, scope)
);
