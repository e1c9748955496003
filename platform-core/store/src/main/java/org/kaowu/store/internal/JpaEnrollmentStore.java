package org.kaowu.store.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.kaowu.api.Enrollment;
import org.kaowu.api.EnrollmentPrice;
import org.kaowu.api.EnrollmentStatus;
import org.kaowu.api.EnrollmentStep;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.PaymentMethod;
import org.kaowu.store.EnrollmentStore;

/**
 * {@link EnrollmentStore} over the platform's persistence unit and thread transactions: the enrollment
 * row is an entity; its majors and lines are written and read with plain SQL in the same transaction.
 */
public final class JpaEnrollmentStore implements EnrollmentStore {
    private final Transactions transactions;

    public JpaEnrollmentStore(Transactions transactions) {
        this.transactions = transactions;
    }

    private static Timestamp utc(Instant at) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    @Override
    public Enrollment createEnrollment(Enrollment e) {
        return transactions.retried(em -> {
            EnrollmentEntity row = new EnrollmentEntity();
            row.id = e.id().toString();
            row.regionCode = e.region();
            row.candidateId = e.candidate().toString();
            row.sitting = e.sitting();
            row.status = e.status().name();
            row.nextStep = e.next().name();
            row.examArea = e.examArea().orElse(null);
            row.paymentMethod = e.paymentMethod().map(Enum::name).orElse(null);
            row.createdAt = e.createdAt();
            row.updatedAt = e.updatedAt();
            em.persist(row);
            em.flush();
            writeChoices(em, e);
            return read(em, row);
        });
    }

    @Override
    public Optional<Enrollment> findEnrollment(String region, UUID id) {
        return transactions.inTransaction(em -> Optional.ofNullable(em.find(EnrollmentEntity.class, id.toString()))
                .filter(r -> r.regionCode.equals(region)).map(r -> read(em, r)));
    }

    @Override
    public List<Enrollment> enrollments(String region, UUID candidate) {
        return transactions.inTransaction(em -> em.createQuery(
                "SELECT e FROM EnrollmentEntity e WHERE e.regionCode = :r AND e.candidateId = :c ORDER BY e.createdAt, e.id", EnrollmentEntity.class)
                .setParameter("r", region).setParameter("c", candidate.toString()).getResultList().stream().map(r -> read(em, r)).toList());
    }

    @Override
    public Enrollment saveDraft(Enrollment read, Enrollment e) {
        if (!read.id().equals(e.id()) || !read.region().equals(e.region())) {
            throw new IllegalArgumentException("a change of enrollment " + e.id() + " made from another one, " + read.id());
        }
        // to the microsecond, as both databases keep it, so the answer is what a later read gives
        Instant updatedAt = e.updatedAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return transactions.retried(em -> {
            int changed = em.createNativeQuery("UPDATE enrollment SET next_step = ?, exam_area = ?, payment_method = ?, updated_at = ? "
                    + "WHERE id = ? AND region_code = ? AND status = 'DRAFT' AND updated_at = ?")
                    .setParameter(1, e.next().name()).setParameter(2, e.examArea().orElse(null))
                    .setParameter(3, e.paymentMethod().map(Enum::name).orElse(null)).setParameter(4, utc(updatedAt))
                    .setParameter(5, e.id().toString()).setParameter(6, e.region()).setParameter(7, utc(read.updatedAt())).executeUpdate();
            if (changed == 0) {
                List<?> status = em.createNativeQuery("SELECT status FROM enrollment WHERE id = ? AND region_code = ?")
                        .setParameter(1, e.id().toString()).setParameter(2, e.region()).getResultList();
                if (status.isEmpty() || !"DRAFT".equals(String.valueOf(status.get(0)).trim())) {
                    throw new KaowuException(ErrorCode.ENROLLMENT_LOCKED, "Payment has started: this enrollment can no longer be changed");
                }
                throw new KaowuException(ErrorCode.CONFLICT_RETRY, "The enrollment was changed by another request meanwhile; read it again");
            }
            // Only the choices that changed are written again (a step like the exam area changes neither majors nor
            // lines), and the answer is what was just written: a DRAFT has no price, and the row is not read back.
            if (!majors(em, e.id().toString()).equals(e.majors())) {
                em.createNativeQuery("DELETE FROM enrollment_major WHERE enrollment_id = ?").setParameter(1, e.id().toString()).executeUpdate();
                writeMajors(em, e);
            }
            if (!lines(em, e.id().toString()).equals(e.lines())) {
                em.createNativeQuery("DELETE FROM enrollment_line WHERE enrollment_id = ?").setParameter(1, e.id().toString()).executeUpdate();
                writeLines(em, e);
            }
            return new Enrollment(e.id(), e.region(), e.candidate(), e.sitting(), EnrollmentStatus.DRAFT, e.next(), e.majors(), e.lines(),
                    e.examArea(), e.paymentMethod(), Optional.empty(), e.createdAt(), updatedAt);
        });
    }

    private static List<String> majors(EntityManager em, String id) {
        @SuppressWarnings("unchecked")
        List<Object> majors = em.createNativeQuery("SELECT major FROM enrollment_major WHERE enrollment_id = ? ORDER BY position")
                .setParameter(1, id).getResultList();
        return majors.stream().map(Object::toString).toList();
    }

    private static List<Enrollment.Line> lines(EntityManager em, String id) {
        @SuppressWarnings("unchecked")
        List<Object[]> lines = em.createNativeQuery("SELECT major, course, session_id FROM enrollment_line WHERE enrollment_id = ? ORDER BY position")
                .setParameter(1, id).getResultList();
        return lines.stream().map(l -> new Enrollment.Line(l[0].toString(), l[1].toString(), l[2].toString())).toList();
    }

    private static void writeChoices(EntityManager em, Enrollment e) {
        writeMajors(em, e);
        writeLines(em, e);
    }

    private static void writeMajors(EntityManager em, Enrollment e) {
        int i = 0;
        for (String major : e.majors()) {
            em.createNativeQuery("INSERT INTO enrollment_major (enrollment_id, major, position) VALUES (?, ?, ?)")
                    .setParameter(1, e.id().toString()).setParameter(2, major).setParameter(3, i++).executeUpdate();
        }
    }

    /** The lines in one INSERT of as many rows (one statement, not one a line). */
    private static void writeLines(EntityManager em, Enrollment e) {
        if (e.lines().isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO enrollment_line (enrollment_id, course, major, session_id, position) VALUES ");
        for (int i = 0; i < e.lines().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?)");
        }
        jakarta.persistence.Query insert = em.createNativeQuery(sql.toString());
        int p = 1;
        for (int i = 0; i < e.lines().size(); i++) {
            Enrollment.Line l = e.lines().get(i);
            insert.setParameter(p++, e.id().toString()).setParameter(p++, l.course()).setParameter(p++, l.major()).setParameter(p++, l.session())
                    .setParameter(p++, i);
        }
        insert.executeUpdate();
    }

    @Override
    public boolean lockForPayment(String region, UUID id, EnrollmentPrice price, Instant at) {
        return transactions.retried(em -> em.createNativeQuery("UPDATE enrollment SET status = 'AWAITING_PAYMENT', amount = ?, currency = ?, "
                + "priced_by = ?, updated_at = ? WHERE id = ? AND region_code = ? AND status = 'DRAFT' AND next_step = 'PAY'")
                .setParameter(1, price.value()).setParameter(2, price.currency()).setParameter(3, price.pricedBy()).setParameter(4, utc(at))
                .setParameter(5, id.toString()).setParameter(6, region).executeUpdate() == 1);
    }

    @Override
    public boolean changeStatus(String region, UUID id, EnrollmentStatus from, EnrollmentStatus to, Instant at) {
        String next = to == EnrollmentStatus.PAID ? EnrollmentStep.DONE.name() : null;
        return transactions.retried(em -> em.createNativeQuery("UPDATE enrollment SET status = ?, updated_at = ?"
                + (next == null ? "" : ", next_step = '" + next + "'") + " WHERE id = ? AND region_code = ? AND status = ?")
                .setParameter(1, to.name()).setParameter(2, utc(at)).setParameter(3, id.toString()).setParameter(4, region)
                .setParameter(5, from.name()).executeUpdate() == 1);
    }

    @Override
    public List<EnrollmentLineRow> enrollmentLines(String region, String sitting) {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT e.id, e.candidate_id, c.office_code, c.assistance_unit, e.exam_area, l.course, "
                    + "e.status, e.amount, (SELECT COUNT(*) FROM enrollment_line n WHERE n.enrollment_id = e.id) "
                    + "FROM enrollment e JOIN candidate c ON c.id = e.candidate_id JOIN enrollment_line l ON l.enrollment_id = e.id "
                    + "WHERE e.region_code = ? AND e.sitting = ? ORDER BY e.exam_area, l.course")
                    .setParameter(1, region).setParameter(2, sitting).getResultList();
            List<EnrollmentLineRow> result = new ArrayList<>();
            for (Object[] r : rows) {
                result.add(new EnrollmentLineRow(UUID.fromString(r[0].toString().trim()), UUID.fromString(r[1].toString().trim()),
                        r[2].toString(), Optional.ofNullable(r[3]).map(Object::toString), Optional.ofNullable(r[4]).map(Object::toString),
                        r[5].toString(), EnrollmentStatus.valueOf(r[6].toString()), ((Number) r[8]).intValue(),
                        Optional.ofNullable(r[7]).map(v -> new BigDecimal(v.toString()))));
            }
            return result;
        });
    }

    private static Enrollment read(EntityManager em, EnrollmentEntity r) {
        List<String> majors = majors(em, r.id);
        List<Enrollment.Line> lines = lines(em, r.id);
        Optional<EnrollmentPrice> price = r.amount == null ? Optional.empty()
                : Optional.of(new EnrollmentPrice(r.amount.setScale(2), r.currency, r.pricedBy));
        return new Enrollment(UUID.fromString(r.id.trim()), r.regionCode, UUID.fromString(r.candidateId.trim()), r.sitting,
                EnrollmentStatus.valueOf(r.status), EnrollmentStep.valueOf(r.nextStep), majors, lines,
                Optional.ofNullable(r.examArea), Optional.ofNullable(r.paymentMethod).map(PaymentMethod::valueOf), price, r.createdAt, r.updatedAt);
    }


    @Override
    public List<org.kaowu.store.ActivityTime> enrollmentStarts(String region, String sitting) {
        return transactions.inTransaction(em -> em.createQuery("SELECT e.createdAt, c.officeCode, c.assistanceUnit FROM EnrollmentEntity e, "
                + "CandidateEntity c WHERE c.id = e.candidateId AND e.regionCode = :region AND e.sitting = :sitting ORDER BY e.createdAt", Object[].class)
                .setParameter("region", region).setParameter("sitting", sitting).getResultList().stream()
                .map(r -> new org.kaowu.store.ActivityTime((Instant) r[0], (String) r[1], Optional.ofNullable((String) r[2]))).toList());
    }
}
