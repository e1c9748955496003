-- Kaowu schema, version 12: payment notifications, as gateways' callbacks delivered them (verified).
-- The primary key (gateway, gateway order id) makes a redelivered callback one record: the second
-- insert fails and only counts the delivery. merchant_order_id is Kaowu's own order number, the link
-- to what was paid for (an enrollment's payment order; see PaymentStore). Portable SQL: Derby and PostgreSQL.
CREATE TABLE payment_notification (
    gateway VARCHAR(32) NOT NULL,
    gateway_order_id VARCHAR(64) NOT NULL,
    merchant_order_id VARCHAR(64) NOT NULL,
    notification_id VARCHAR(64) NOT NULL,
    order_state VARCHAR(16) NOT NULL,
    amount_value DECIMAL(12, 2) NOT NULL,
    currency CHAR(3) NOT NULL,
    paid_value DECIMAL(12, 2),
    paid_at TIMESTAMP,
    received_at TIMESTAMP NOT NULL,
    last_received_at TIMESTAMP NOT NULL,
    deliveries INTEGER NOT NULL,
    CONSTRAINT pk_payment_notification PRIMARY KEY (gateway, gateway_order_id)
);
CREATE INDEX ix_payment_notification_merchant ON payment_notification (gateway, merchant_order_id);
