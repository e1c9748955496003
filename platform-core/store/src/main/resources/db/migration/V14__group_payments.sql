-- Kaowu schema, version 14: group payment (集体缴费). A group enrollment point (an assistance unit's staff
-- account) pays for many of its candidates' enrollments with one order. The order is group_payment_order
-- (its id is the merchant order id given to the gateway, as for payment_order); its enrollments are the
-- lines of group_payment_line, each with the amount of its enrollment. The unique constraint on a line's
-- enrollment (not a check before insert) is what keeps one enrollment in one group order: of two group
-- orders made at once that name the same enrollment, one commits and the other is refused whole. Personal
-- orders (payment_order) are only made for ONLINE enrollments, lines only for GROUP ones, and the payment
-- method is frozen once the enrollment is locked for payment, so the two never share an enrollment.
-- mismatch_reported_at (here and on payment_order): when reconciliation or a callback reported that an order
-- which lapsed here was paid at the gateway, so that it is reported once.
CREATE TABLE group_payment_order (
    id CHAR(36) NOT NULL,
    region_code VARCHAR(32) NOT NULL,
    assistance_unit VARCHAR(64) NOT NULL,
    sitting VARCHAR(64) NOT NULL,
    made_by VARCHAR(100) NOT NULL,
    gateway VARCHAR(32) NOT NULL,
    gateway_order_id VARCHAR(64),
    pay_url VARCHAR(1000),
    amount DECIMAL(12, 2) NOT NULL,
    currency CHAR(3) NOT NULL,
    priced_by VARCHAR(200) NOT NULL,
    status VARCHAR(16) NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    settled_at TIMESTAMP,
    mismatch_reported_at TIMESTAMP,
    CONSTRAINT pk_group_payment_order PRIMARY KEY (id)
);
CREATE INDEX ix_group_payment_order_status ON group_payment_order (status, expires_at);
CREATE INDEX ix_group_payment_order_unit ON group_payment_order (region_code, assistance_unit);

CREATE TABLE group_payment_line (
    order_id CHAR(36) NOT NULL,
    enrollment_id CHAR(36) NOT NULL,
    amount DECIMAL(12, 2) NOT NULL,
    CONSTRAINT pk_group_payment_line PRIMARY KEY (order_id, enrollment_id),
    CONSTRAINT uq_group_payment_line_enrollment UNIQUE (enrollment_id),
    CONSTRAINT fk_group_payment_line_order FOREIGN KEY (order_id) REFERENCES group_payment_order (id),
    CONSTRAINT fk_group_payment_line_enrollment FOREIGN KEY (enrollment_id) REFERENCES enrollment (id)
);

ALTER TABLE payment_order ADD COLUMN mismatch_reported_at TIMESTAMP;
