-- Kaowu schema, version 4: prior education of associate-to-bachelor candidates (the online check against
-- the national records, and the proof a candidate uploads when it fails, for an office to review).
CREATE TABLE prior_education (
    candidate_id CHAR(36) NOT NULL,
    major_code VARCHAR(32) NOT NULL,
    diploma_number VARCHAR(64) NOT NULL,
    status VARCHAR(24) NOT NULL,
    reference VARCHAR(64),
    reason VARCHAR(500),
    updated_at TIMESTAMP NOT NULL,
    row_version BIGINT NOT NULL,
    CONSTRAINT pk_prior_education PRIMARY KEY (candidate_id)
);

-- The uploaded proof (PDF or JPEG), base64 in chunks: portable across Derby and PostgreSQL without LOB types.
CREATE TABLE education_proof_chunk (
    candidate_id CHAR(36) NOT NULL,
    seq INTEGER NOT NULL,
    format VARCHAR(16) NOT NULL,
    data VARCHAR(30000) NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_education_proof_chunk PRIMARY KEY (candidate_id, seq)
);
