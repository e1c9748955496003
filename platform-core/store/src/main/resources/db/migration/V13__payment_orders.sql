-- Kaowu schema, version 13: payment orders (缴费订单). One order per enrollment, held by a unique constraint
-- (not a check before insert): of concurrent "pay" requests one inserts, the others find its row and answer
-- the same order. The order's id is the merchant order id Kaowu gives the gateway (payment_notification
-- links back by it). It keeps the amount, currency and the bundle and version that priced it. Its status
-- moves OPEN -> PAID or OPEN -> EXPIRED by one conditional update each, so a callback settles it once.
CREATE TABLE payment_order (
    id CHAR(36) NOT NULL,
    region_code VARCHAR(32) NOT NULL,
    enrollment_id CHAR(36) NOT NULL,
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
    CONSTRAINT pk_payment_order PRIMARY KEY (id),
    CONSTRAINT uq_payment_order_enrollment UNIQUE (enrollment_id),
    CONSTRAINT fk_payment_order_enrollment FOREIGN KEY (enrollment_id) REFERENCES enrollment (id)
);
CREATE INDEX ix_payment_order_status ON payment_order (status, expires_at);
