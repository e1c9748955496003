-- Kaowu schema, version 16: scores (成绩) and score re-checks (成绩复查). One score per candidate, course and
-- sitting (the primary key); points 0-100 or a grade, never both (checked here too). A re-import of a
-- course of a sitting deletes its scores and writes the new ones in one transaction. One re-check per
-- candidate, course and sitting (a unique constraint: of parallel applications one inserts, the others
-- answer it); its outcome is recorded once, by a conditional update of the APPLIED row.
CREATE TABLE exam_score (
    region_code VARCHAR(32) NOT NULL,
    sitting VARCHAR(64) NOT NULL,
    course VARCHAR(64) NOT NULL,
    candidate_id CHAR(36) NOT NULL,
    ticket_number VARCHAR(32) NOT NULL,
    points INTEGER,
    grade VARCHAR(16),
    passed BOOLEAN NOT NULL,
    corrected BOOLEAN NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    imported_by VARCHAR(100) NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_exam_score PRIMARY KEY (region_code, sitting, course, candidate_id),
    CONSTRAINT ck_exam_score_one_value CHECK ((points IS NULL AND grade IS NOT NULL) OR (points IS NOT NULL AND grade IS NULL)),
    CONSTRAINT ck_exam_score_points CHECK (points IS NULL OR (points >= 0 AND points <= 100)),
    CONSTRAINT fk_exam_score_candidate FOREIGN KEY (candidate_id) REFERENCES candidate (id)
);

CREATE INDEX ix_exam_score_candidate ON exam_score (candidate_id, region_code);

CREATE TABLE score_recheck (
    id CHAR(36) NOT NULL,
    region_code VARCHAR(32) NOT NULL,
    candidate_id CHAR(36) NOT NULL,
    sitting VARCHAR(64) NOT NULL,
    course VARCHAR(64) NOT NULL,
    status VARCHAR(16) NOT NULL,
    before_points INTEGER,
    before_grade VARCHAR(16),
    after_points INTEGER,
    after_grade VARCHAR(16),
    applied_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP,
    decided_by VARCHAR(100),
    CONSTRAINT pk_score_recheck PRIMARY KEY (id),
    CONSTRAINT uq_score_recheck_course UNIQUE (region_code, candidate_id, sitting, course),
    CONSTRAINT fk_score_recheck_candidate FOREIGN KEY (candidate_id) REFERENCES candidate (id)
);

CREATE INDEX ix_score_recheck_sitting ON score_recheck (region_code, sitting);
