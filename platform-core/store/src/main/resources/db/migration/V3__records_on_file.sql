-- Kaowu schema, version 3: records on file (candidates of the authority's earlier system, one row per
-- ticket number they held) and the merges of several ticket numbers into the one a candidate keeps.
CREATE TABLE record_on_file (
    region_code VARCHAR(32) NOT NULL,
    ticket_number VARCHAR(32) NOT NULL,
    id_number VARCHAR(32) NOT NULL,
    full_name VARCHAR(64) NOT NULL,
    office_code VARCHAR(16) NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    imported_by VARCHAR(100) NOT NULL,
    claimed_by CHAR(36),
    CONSTRAINT pk_record_on_file PRIMARY KEY (region_code, ticket_number)
);
CREATE INDEX ix_record_on_file_id ON record_on_file (region_code, id_number);

CREATE TABLE ticket_merge (
    id CHAR(36) NOT NULL,
    region_code VARCHAR(32) NOT NULL,
    candidate_id CHAR(36) NOT NULL,
    kept_ticket VARCHAR(32) NOT NULL,
    merged_ticket VARCHAR(32) NOT NULL,
    merged_at TIMESTAMP NOT NULL,
    undone_at TIMESTAMP,
    undone_by VARCHAR(100),
    CONSTRAINT pk_ticket_merge PRIMARY KEY (id)
);
CREATE INDEX ix_ticket_merge_candidate ON ticket_merge (candidate_id);
