package org.kaowu.store.internal;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Row of table {@code ticket_sequence}: the last value handed out in one (region, scope). */
@Entity
@Table(name = "ticket_sequence")
@IdClass(TicketSequenceEntity.Key.class)
public class TicketSequenceEntity {
    @Id
    @Column(name = "region_code")
    String regionCode;
    @Id
    @Column(name = "scope")
    String scope;
    @Column(name = "last_value", nullable = false)
    long lastValue;

    /** Composite primary key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String regionCode;
        String scope;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(regionCode, k.regionCode) && Objects.equals(scope, k.scope);
        }

        @Override
        public int hashCode() {
            return Objects.hash(regionCode, scope);
        }
    }
}
