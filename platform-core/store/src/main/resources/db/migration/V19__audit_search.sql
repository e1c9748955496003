-- Kaowu schema, version 19: the administration console searches the audit trail of every region by actor,
-- action and time (newest first); the subject search already has ix_audit_subject.
CREATE INDEX ix_audit_occurred ON audit_event (occurred_at);
CREATE INDEX ix_audit_actor ON audit_event (actor, occurred_at);
CREATE INDEX ix_audit_action ON audit_event (action, occurred_at);
