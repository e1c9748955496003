package org.kaowu.store.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Row of table {@code audit_event}. */
@Entity
@Table(name = "audit_event")
public class AuditEventEntity {
    @Id
    @Column(name = "id", length = 36)
    String id;
    @Column(name = "occurred_at", nullable = false)
    Instant occurredAt;
    @Column(name = "actor", nullable = false)
    String actor;
    @Column(name = "action", nullable = false)
    String action;
    @Column(name = "region_code")
    String regionCode;
    @Column(name = "subject")
    String subject;
    @Column(name = "outcome", nullable = false)
    String outcome;
    @Column(name = "detail")
    String detail;
}
