-- Kaowu schema, version 2: candidate accounts (flow progress, review, confirmation, recovery), staff,
-- audit trail, login throttling, revoked sessions. Portable SQL: Derby and PostgreSQL.
ALTER TABLE candidate ADD COLUMN next_step VARCHAR(64);
ALTER TABLE candidate ADD COLUMN rejection_reason VARCHAR(500);
ALTER TABLE candidate ADD COLUMN security_question VARCHAR(200);
ALTER TABLE candidate ADD COLUMN security_answer_hash VARCHAR(100);
ALTER TABLE candidate ADD COLUMN mobile_verified BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE candidate ADD COLUMN assistance_unit VARCHAR(32);
ALTER TABLE candidate ADD COLUMN confirmation_method VARCHAR(24);
ALTER TABLE candidate ADD COLUMN confirmed_by VARCHAR(64);
ALTER TABLE candidate ADD COLUMN confirmed_at TIMESTAMP;
CREATE INDEX ix_candidate_email ON candidate (region_code, email);
CREATE INDEX ix_candidate_mobile ON candidate (region_code, mobile);
CREATE INDEX ix_candidate_office ON candidate (region_code, office_code);

-- The registration photo, base64 of the checked image (at most a few ten kilobytes by every region's rules).
CREATE TABLE candidate_photo (
    candidate_id CHAR(36) NOT NULL,
    format VARCHAR(16) NOT NULL,
    image_base64 VARCHAR(32000) NOT NULL,
    taken_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_candidate_photo PRIMARY KEY (candidate_id)
);

CREATE TABLE staff (
    id CHAR(36) NOT NULL,
    username VARCHAR(64) NOT NULL,
    password_hash VARCHAR(100) NOT NULL,
    staff_role VARCHAR(24) NOT NULL,
    region_code VARCHAR(32),
    office_code VARCHAR(32),
    created_at TIMESTAMP NOT NULL,
    row_version BIGINT NOT NULL,
    CONSTRAINT pk_staff PRIMARY KEY (id),
    CONSTRAINT uq_staff_username UNIQUE (username)
);

CREATE TABLE audit_event (
    id CHAR(36) NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    actor VARCHAR(100) NOT NULL,
    action VARCHAR(64) NOT NULL,
    region_code VARCHAR(32),
    subject VARCHAR(64),
    outcome VARCHAR(16) NOT NULL,
    detail VARCHAR(500),
    CONSTRAINT pk_audit_event PRIMARY KEY (id)
);
CREATE INDEX ix_audit_subject ON audit_event (region_code, subject);

-- Failed logins per login key (a hash of region and login name), so that every node sees the same lock.
CREATE TABLE login_throttle (
    key_hash CHAR(64) NOT NULL,
    failures INTEGER NOT NULL,
    locked_until TIMESTAMP,
    last_failure TIMESTAMP NOT NULL,
    CONSTRAINT pk_login_throttle PRIMARY KEY (key_hash)
);

-- Sessions are signed tokens with no server state; a logout records the token id until it expires.
CREATE TABLE revoked_session (
    token_id CHAR(36) NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_revoked_session PRIMARY KEY (token_id)
);

-- Password recovery: a single-use secret (only its SHA-256 is stored) sent by e-mail or SMS.
CREATE TABLE password_recovery (
    id CHAR(36) NOT NULL,
    candidate_id CHAR(36) NOT NULL,
    channel VARCHAR(24) NOT NULL,
    secret_hash CHAR(64) NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    attempts INTEGER NOT NULL,
    CONSTRAINT pk_password_recovery PRIMARY KEY (id)
);
