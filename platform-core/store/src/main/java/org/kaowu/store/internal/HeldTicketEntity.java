package org.kaowu.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Row of table {@code held_ticket}: a ticket number in use in a region (by a candidate or a record on file). */
@Entity
@Table(name = "held_ticket")
@IdClass(RecordOnFileEntity.Key.class)
public class HeldTicketEntity {
    @Id
    @Column(name = "region_code")
    String regionCode;
    @Id
    @Column(name = "ticket_number")
    String ticketNumber;
}
