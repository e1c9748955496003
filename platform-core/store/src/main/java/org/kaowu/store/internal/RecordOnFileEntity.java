package org.kaowu.store.internal;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Row of table {@code record_on_file}. */
@Entity
@Table(name = "record_on_file")
@IdClass(RecordOnFileEntity.Key.class)
public class RecordOnFileEntity {
    @Id
    @Column(name = "region_code")
    String regionCode;
    @Id
    @Column(name = "ticket_number")
    String ticketNumber;
    @Column(name = "id_number_enc", nullable = false)
    String idNumberEnc;
    @Column(name = "id_number_mac", nullable = false)
    String idNumberMac;
    @Column(name = "full_name", nullable = false)
    String fullName;
    @Column(name = "office_code", nullable = false)
    String officeCode;
    @Column(name = "imported_at", nullable = false)
    Instant importedAt;
    @Column(name = "imported_by", nullable = false)
    String importedBy;
    @Column(name = "claimed_by", length = 36)
    String claimedBy;

    /** Primary key: region and ticket number. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String regionCode;
        String ticketNumber;

        public Key() {
        }

        Key(String regionCode, String ticketNumber) {
            this.regionCode = regionCode;
            this.ticketNumber = ticketNumber;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.regionCode.equals(regionCode) && k.ticketNumber.equals(ticketNumber);
        }

        @Override
        public int hashCode() {
            return regionCode.hashCode() * 31 + ticketNumber.hashCode();
        }
    }
}
