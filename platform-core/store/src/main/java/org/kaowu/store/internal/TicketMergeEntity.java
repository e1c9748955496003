package org.kaowu.store.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Row of table {@code ticket_merge}. */
@Entity
@Table(name = "ticket_merge")
public class TicketMergeEntity {
    @Id
    @Column(name = "id", length = 36)
    String id;
    @Column(name = "region_code", nullable = false)
    String regionCode;
    @Column(name = "candidate_id", nullable = false, length = 36)
    String candidateId;
    @Column(name = "kept_ticket", nullable = false)
    String keptTicket;
    @Column(name = "merged_ticket", nullable = false)
    String mergedTicket;
    @Column(name = "merged_at", nullable = false)
    Instant mergedAt;
    @Column(name = "undone_at")
    Instant undoneAt;
    @Column(name = "undone_by")
    String undoneBy;
}
