-- Kaowu schema, version 15: exam rooms (考场) per exam area and site, seat allocations (编排考场) per
-- sitting and exam area, the seats themselves, and the candidates who need an accessible seat.
-- Portable SQL: Derby and PostgreSQL.
--
-- A room's seats are numbered 1..capacity in the order they stand (consecutive numbers are neighbours);
-- seats 1..accessible_seats are the accessible ones. in_use = FALSE takes a room out of use (late change).
CREATE TABLE exam_room (
    region_code VARCHAR(32) NOT NULL,
    exam_area VARCHAR(64) NOT NULL,
    site_code VARCHAR(32) NOT NULL,
    site_name VARCHAR(200) NOT NULL,
    room_code VARCHAR(32) NOT NULL,
    capacity INTEGER NOT NULL,
    accessible_seats INTEGER NOT NULL,
    in_use BOOLEAN DEFAULT TRUE NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by VARCHAR(100) NOT NULL,
    CONSTRAINT pk_exam_room PRIMARY KEY (region_code, exam_area, site_code, room_code),
    CONSTRAINT ck_exam_room_capacity CHECK (capacity > 0 AND capacity <= 1000),
    CONSTRAINT ck_exam_room_accessible CHECK (accessible_seats >= 0 AND accessible_seats <= capacity)
);

-- One allocation per sitting and exam area. status DRAFT -> PUBLISHED by one conditional update; the
-- seats of a PUBLISHED allocation are never replaced, only moved by a room closure (audited).
CREATE TABLE seat_allocation (
    region_code VARCHAR(32) NOT NULL,
    sitting VARCHAR(64) NOT NULL,
    exam_area VARCHAR(64) NOT NULL,
    status VARCHAR(16) NOT NULL,
    seed BIGINT NOT NULL,
    seats INTEGER NOT NULL,
    allocated_at TIMESTAMP NOT NULL,
    allocated_by VARCHAR(100) NOT NULL,
    published_at TIMESTAMP,
    published_by VARCHAR(100),
    CONSTRAINT pk_seat_allocation PRIMARY KEY (region_code, sitting, exam_area)
);

-- One seat per course of an enrollment (the session is unique in an enrollment), and one candidate per
-- seat of a room in a session: both held by the database.
CREATE TABLE seat (
    region_code VARCHAR(32) NOT NULL,
    sitting VARCHAR(64) NOT NULL,
    exam_area VARCHAR(64) NOT NULL,
    session_id VARCHAR(64) NOT NULL,
    enrollment_id CHAR(36) NOT NULL,
    candidate_id CHAR(36) NOT NULL,
    course VARCHAR(64) NOT NULL,
    site_code VARCHAR(32) NOT NULL,
    room_code VARCHAR(32) NOT NULL,
    seat_number INTEGER NOT NULL,
    CONSTRAINT pk_seat PRIMARY KEY (region_code, sitting, session_id, enrollment_id),
    CONSTRAINT uq_seat_place UNIQUE (region_code, sitting, session_id, exam_area, site_code, room_code, seat_number),
    CONSTRAINT fk_seat_allocation FOREIGN KEY (region_code, sitting, exam_area) REFERENCES seat_allocation (region_code, sitting, exam_area)
);
CREATE INDEX ix_seat_area ON seat (region_code, sitting, exam_area);
CREATE INDEX ix_seat_candidate ON seat (candidate_id, sitting);

-- Candidates who need an accessible seat (wheelchair access, ...), recorded by an office.
CREATE TABLE accessible_seat_need (
    region_code VARCHAR(32) NOT NULL,
    candidate_id CHAR(36) NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by VARCHAR(100) NOT NULL,
    CONSTRAINT pk_accessible_seat_need PRIMARY KEY (region_code, candidate_id)
);
