-- Kaowu schema, version 11: enrollments (报考). One enrollment per candidate and sitting, held by a unique
-- constraint (not a check before insert), so of two parallel requests one fails on it. The status column
-- is what locks an enrollment: DRAFT -> AWAITING_PAYMENT is one conditional update, after which the
-- choices (majors, lines) are never changed again. A line's session is unique in its enrollment: one
-- course per session, in the database too.
CREATE TABLE enrollment (
    id CHAR(36) NOT NULL,
    region_code VARCHAR(32) NOT NULL,
    candidate_id CHAR(36) NOT NULL,
    sitting VARCHAR(64) NOT NULL,
    status VARCHAR(24) NOT NULL,
    next_step VARCHAR(24) NOT NULL,
    exam_area VARCHAR(64),
    payment_method VARCHAR(16),
    amount DECIMAL(12, 2),
    currency CHAR(3),
    priced_by VARCHAR(200),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_enrollment PRIMARY KEY (id),
    CONSTRAINT uq_enrollment_sitting UNIQUE (region_code, candidate_id, sitting),
    CONSTRAINT fk_enrollment_candidate FOREIGN KEY (candidate_id) REFERENCES candidate (id)
);

CREATE INDEX ix_enrollment_region_sitting ON enrollment (region_code, sitting);

CREATE TABLE enrollment_major (
    enrollment_id CHAR(36) NOT NULL,
    major VARCHAR(64) NOT NULL,
    position INTEGER NOT NULL,
    CONSTRAINT pk_enrollment_major PRIMARY KEY (enrollment_id, major),
    CONSTRAINT fk_enrollment_major FOREIGN KEY (enrollment_id) REFERENCES enrollment (id)
);

CREATE TABLE enrollment_line (
    enrollment_id CHAR(36) NOT NULL,
    course VARCHAR(64) NOT NULL,
    major VARCHAR(64) NOT NULL,
    session_id VARCHAR(64) NOT NULL,
    position INTEGER NOT NULL,
    CONSTRAINT pk_enrollment_line PRIMARY KEY (enrollment_id, course),
    CONSTRAINT uq_enrollment_line_session UNIQUE (enrollment_id, session_id),
    CONSTRAINT fk_enrollment_line FOREIGN KEY (enrollment_id) REFERENCES enrollment (id)
);
