package org.kaowu.store.internal;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Row of table {@code enrollment}; its majors and lines are rows of {@code enrollment_major} and {@code enrollment_line}. */
@Entity
@Table(name = "enrollment")
public class EnrollmentEntity {
    @Id
    @Column(name = "id", length = 36)
    String id;
    @Column(name = "region_code", nullable = false)
    String regionCode;
    @Column(name = "candidate_id", nullable = false, length = 36)
    String candidateId;
    @Column(name = "sitting", nullable = false)
    String sitting;
    @Column(name = "status", nullable = false)
    String status;
    @Column(name = "next_step", nullable = false)
    String nextStep;
    @Column(name = "exam_area")
    String examArea;
    @Column(name = "payment_method")
    String paymentMethod;
    @Column(name = "amount")
    BigDecimal amount;
    @Column(name = "currency")
    String currency;
    @Column(name = "priced_by")
    String pricedBy;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
}
