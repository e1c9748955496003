package org.kaowu.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import org.kaowu.api.Grade;
import org.kaowu.api.Recheck;
import org.kaowu.api.Score;
import org.kaowu.store.ScoreStore;
import org.kaowu.store.StoredScore;

/**
 * {@link ScoreStore} over plain JDBC in the store's thread transactions: scores are written in batches,
 * a re-check's application and its decision each decided by the database (unique constraint, conditional
 * update).
 */
final class JpaScoreStore implements ScoreStore {
    private static final int BATCH = 1000;
    private static final String SCORE_COLUMNS = "region_code, sitting, course, candidate_id, ticket_number, points, grade, corrected, imported_at, imported_by";
    private static final String RECHECK_COLUMNS = "id, region_code, candidate_id, sitting, course, status, before_points, before_grade, "
            + "after_points, after_grade, applied_at, decided_at, decided_by";

    private final Transactions transactions;

    JpaScoreStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @FunctionalInterface
    private interface Jdbc<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T jdbc(Jdbc<T> work) {
        return transactions.retried(em -> run(em, work));
    }

    private static <T> T run(EntityManager em, Jdbc<T> work) {
        try {
            return work.run(em.unwrap(Connection.class));
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e.getNextException() != null ? e.getNextException() : e);
        }
    }

    private static Timestamp utc(Instant at) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    private static Instant instant(Timestamp t) {
        return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }

    private static void setScore(PreparedStatement s, int at, Optional<Score> score) throws SQLException {
        Optional<Integer> points = score.flatMap(Score::points);
        if (points.isPresent()) {
            s.setInt(at, points.get());
        } else {
            s.setNull(at, Types.INTEGER);
        }
        s.setString(at + 1, score.flatMap(Score::grade).map(Enum::name).orElse(null));
    }

    private static Optional<Score> score(ResultSet r, int at) throws SQLException {
        int points = r.getInt(at);
        if (!r.wasNull()) {
            return Optional.of(Score.ofPoints(points));
        }
        String grade = r.getString(at + 1);
        return grade == null ? Optional.empty() : Optional.of(Score.ofGrade(Grade.valueOf(grade.strip().toUpperCase(Locale.ROOT))));
    }

    @Override
    public List<Examinee> examinees(String region, String sitting) {
        return jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT c.ticket_number, e.candidate_id, l.course FROM enrollment e "
                    + "JOIN enrollment_line l ON l.enrollment_id = e.id JOIN candidate c ON c.id = e.candidate_id "
                    + "WHERE e.region_code = ? AND e.sitting = ? AND e.status = 'PAID' AND c.ticket_number IS NOT NULL")) {
                s.setString(1, region);
                s.setString(2, sitting);
                List<Examinee> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Examinee(r.getString(1), UUID.fromString(r.getString(2).strip()), r.getString(3)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int replaceScores(String region, String sitting, Set<String> courses, List<StoredScore> scores) {
        return jdbc(c -> {
            int deleted = 0;
            try (PreparedStatement d = c.prepareStatement("DELETE FROM exam_score WHERE region_code = ? AND sitting = ? AND course = ?")) {
                for (String course : courses) {
                    d.setString(1, region);
                    d.setString(2, sitting);
                    d.setString(3, course);
                    deleted += d.executeUpdate();
                }
            }
            try (PreparedStatement i = c.prepareStatement("INSERT INTO exam_score (" + SCORE_COLUMNS
                    + ", passed, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int pending = 0;
                for (StoredScore x : scores) {
                    i.setString(1, x.region());
                    i.setString(2, x.sitting());
                    i.setString(3, x.course());
                    i.setString(4, x.candidate().toString());
                    i.setString(5, x.ticketNumber());
                    setScore(i, 6, Optional.of(x.score()));
                    i.setBoolean(8, x.corrected());
                    i.setTimestamp(9, utc(x.importedAt()));
                    i.setString(10, x.importedBy());
                    i.setBoolean(11, x.score().passed());
                    i.setTimestamp(12, utc(x.importedAt()));
                    i.addBatch();
                    if (++pending == BATCH) {
                        i.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    i.executeBatch();
                }
            }
            return deleted;
        });
    }

    private static StoredScore stored(ResultSet r) throws SQLException {
        return new StoredScore(r.getString(1), r.getString(2), r.getString(3), UUID.fromString(r.getString(4).strip()), r.getString(5),
                score(r, 6).orElseThrow(), r.getBoolean(8), instant(r.getTimestamp(9)), r.getString(10));
    }

    private List<StoredScore> scores(String where, String... params) {
        return jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + SCORE_COLUMNS + " FROM exam_score WHERE " + where
                    + " ORDER BY sitting, course, candidate_id")) {
                for (int p = 0; p < params.length; p++) {
                    s.setString(p + 1, params[p]);
                }
                List<StoredScore> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(stored(r));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<StoredScore> scoresOf(String region, UUID candidate) {
        return scores("candidate_id = ? AND region_code = ?", candidate.toString(), region);
    }

    @Override
    public List<StoredScore> scoresOfCourse(String region, String sitting, String course) {
        return scores("region_code = ? AND sitting = ? AND course = ?", region, sitting, course);
    }

    @Override
    public boolean correctScore(String region, String sitting, String course, UUID candidate, Score score, Instant at) {
        return jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE exam_score SET points = ?, grade = ?, passed = ?, corrected = ?, updated_at = ? "
                    + "WHERE region_code = ? AND sitting = ? AND course = ? AND candidate_id = ?")) {
                setScore(s, 1, Optional.of(score));
                s.setBoolean(3, score.passed());
                s.setBoolean(4, true);
                s.setTimestamp(5, utc(at));
                s.setString(6, region);
                s.setString(7, sitting);
                s.setString(8, course);
                s.setString(9, candidate.toString());
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Recheck applyRecheck(Recheck x) {
        Optional<Recheck> earlier = recheckOf(x);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        try {
            transactions.inTransaction(em -> run(em, c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO score_recheck (" + RECHECK_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, x.id().toString());
                    s.setString(2, x.region());
                    s.setString(3, x.candidate().toString());
                    s.setString(4, x.sitting());
                    s.setString(5, x.course());
                    s.setString(6, x.status().name());
                    setScore(s, 7, Optional.of(x.before()));
                    setScore(s, 9, x.after());
                    s.setTimestamp(11, utc(x.appliedAt()));
                    s.setTimestamp(12, x.decidedAt().map(JpaScoreStore::utc).orElse(null));
                    s.setString(13, x.decidedBy().orElse(null));
                    return s.executeUpdate();
                }
            }));
        } catch (PersistenceException e) {
            // Inside a caller's transaction the failure fails it (PostgreSQL aborts it): only on our own do we read the winner.
            if (transactions.joined() || !isDuplicateRecheck(e)) {
                throw e;
            }
        }
        return recheckOf(x).orElseThrow();
    }

    private Optional<Recheck> recheckOf(Recheck x) {
        return recheckList("region_code = ? AND candidate_id = ? AND sitting = ? AND course = ?", "applied_at",
                x.region(), x.candidate().toString(), x.sitting(), x.course()).stream().findFirst();
    }

    private static boolean isDuplicateRecheck(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return String.valueOf(sql.getMessage()).toUpperCase(Locale.ROOT).contains("UQ_SCORE_RECHECK_COURSE");
            }
        }
        return false;
    }

    private static Recheck recheck(ResultSet r) throws SQLException {
        Timestamp decided = r.getTimestamp(12);
        return new Recheck(UUID.fromString(r.getString(1).strip()), r.getString(2), UUID.fromString(r.getString(3).strip()), r.getString(4),
                r.getString(5), Recheck.Status.valueOf(r.getString(6).strip()), score(r, 7).orElseThrow(), score(r, 9),
                instant(r.getTimestamp(11)), Optional.ofNullable(decided).map(JpaScoreStore::instant), Optional.ofNullable(r.getString(13)));
    }

    private List<Recheck> recheckList(String where, String order, String... params) {
        return jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + RECHECK_COLUMNS + " FROM score_recheck WHERE " + where + " ORDER BY " + order)) {
                for (int p = 0; p < params.length; p++) {
                    s.setString(p + 1, params[p]);
                }
                List<Recheck> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(recheck(r));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Optional<Recheck> findRecheck(String region, UUID id) {
        return recheckList("id = ? AND region_code = ?", "id", id.toString(), region).stream().findFirst();
    }

    @Override
    public List<Recheck> rechecksOf(String region, UUID candidate) {
        return recheckList("candidate_id = ? AND region_code = ?", "applied_at DESC, id", candidate.toString(), region);
    }

    @Override
    public List<Recheck> rechecks(String region, Optional<String> sitting) {
        return sitting.isPresent() ? recheckList("region_code = ? AND sitting = ?", "applied_at, id", region, sitting.get())
                : recheckList("region_code = ?", "applied_at, id", region);
    }

    @Override
    public boolean decideRecheck(String region, UUID id, Recheck.Status outcome, Optional<Score> after, String decidedBy, Instant at) {
        if (outcome == Recheck.Status.APPLIED || (outcome == Recheck.Status.CORRECTED) != after.isPresent()) {
            throw new IllegalArgumentException("a decision is UNCHANGED, or CORRECTED with the new score");
        }
        return jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE score_recheck SET status = ?, after_points = ?, after_grade = ?, decided_at = ?, "
                    + "decided_by = ? WHERE id = ? AND region_code = ? AND status = 'APPLIED'")) {
                s.setString(1, outcome.name());
                setScore(s, 2, after);
                s.setTimestamp(4, utc(at));
                s.setString(5, decidedBy);
                s.setString(6, id.toString());
                s.setString(7, region);
                return s.executeUpdate() == 1;
            }
        });
    }
}
