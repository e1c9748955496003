package org.kaowu.store.internal;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Row of table {@code login_name}: an e-mail or mobile login name (its keyed hash) of one candidate of a region. */
@Entity
@Table(name = "login_name")
@IdClass(LoginNameEntity.Key.class)
public class LoginNameEntity {
    @Id
    @Column(name = "region_code")
    String regionCode;
    @Id
    @Column(name = "value_mac", length = 64)
    String valueMac;
    @Column(name = "kind", nullable = false)
    String kind;
    @Column(name = "candidate_id", nullable = false, length = 36)
    String candidateId;

    /** Primary key: region and keyed hash. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String regionCode;
        String valueMac;

        public Key() {
        }

        Key(String regionCode, String valueMac) {
            this.regionCode = regionCode;
            this.valueMac = valueMac;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.regionCode.equals(regionCode) && k.valueMac.equals(valueMac);
        }

        @Override
        public int hashCode() {
            return regionCode.hashCode() * 31 + valueMac.hashCode();
        }
    }
}
