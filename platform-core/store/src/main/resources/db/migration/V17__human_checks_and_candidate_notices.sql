-- Kaowu schema, version 17: spent human-check challenges and the notices told to candidates.
-- human_check_spent: the id of every challenge answered, until it would have expired anyway. Its primary key
-- decides single use: of concurrent requests with one solution (on any node) one inserts, the others are refused.
CREATE TABLE human_check_spent (
    id VARCHAR(64) NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_human_check_spent PRIMARY KEY (id)
);
CREATE INDEX ix_human_check_spent_expires ON human_check_spent (expires_at);
-- candidate_notice: what a candidate was told (registration approved or rejected, ticket issued, proof
-- accepted or rejected, payment received), written in the transaction of the decision, shown on their page.
CREATE TABLE candidate_notice (
    id CHAR(36) NOT NULL,
    region_code VARCHAR(32) NOT NULL,
    candidate_id CHAR(36) NOT NULL,
    kind VARCHAR(32) NOT NULL,
    detail VARCHAR(500),
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_candidate_notice PRIMARY KEY (id),
    CONSTRAINT fk_candidate_notice_candidate FOREIGN KEY (candidate_id) REFERENCES candidate (id)
);
CREATE INDEX ix_candidate_notice_candidate ON candidate_notice (candidate_id, created_at);
