package org.kaowu.store.internal;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import org.kaowu.api.ExamRoom;
import org.kaowu.api.SeatAllocationSummary;
import org.kaowu.store.ExamOperationsStore;

/**
 * {@link ExamOperationsStore} in plain JDBC on the connection of the thread's transaction (so an audit
 * row written beside it commits with it), rows written in batches of {@value #BATCH}.
 */
public final class JpaExamOperationsStore implements ExamOperationsStore {
    /** Rows per JDBC batch. */
    static final int BATCH = 1000;

    private final Transactions tx;

    public JpaExamOperationsStore(Transactions tx) {
        this.tx = tx;
    }

    /** JDBC work on the transaction's connection; an SQLException becomes a PersistenceException, so that conflicts are retried or named. */
    private interface Jdbc<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T jdbc(Function<Function<EntityManager, T>, T> in, Jdbc<T> work) {
        return in.apply(em -> {
            try {
                return work.apply(em.unwrap(Connection.class));
            } catch (SQLException e) {
                throw new PersistenceException("Exam operations: " + e.getMessage(), unbatched(e));
            }
        });
    }

    private <T> T read(Jdbc<T> work) {
        return jdbc(tx::inTransaction, work);
    }

    private <T> T write(Jdbc<T> work) {
        return jdbc(tx::retried, work);
    }

    /** A batch failure's cause: PostgreSQL puts the constraint in the next exception, Derby in the batch exception itself. */
    private static SQLException unbatched(SQLException e) {
        if (e instanceof BatchUpdateException && e.getNextException() != null) {
            SQLException next = e.getNextException();
            next.addSuppressed(e);
            return next;
        }
        return e;
    }

    private static Timestamp utc(Instant at) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    private static Instant instant(Timestamp t) {
        return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }

    private static UUID uuid(String s) {
        return UUID.fromString(s.trim());
    }

    @Override
    public List<ExamRoom> rooms(String region, Optional<String> examArea) {
        return read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT exam_area, site_code, site_name, room_code, capacity, accessible_seats, in_use "
                    + "FROM exam_room WHERE region_code = ?" + (examArea.isPresent() ? " AND exam_area = ?" : "")
                    + " ORDER BY exam_area, site_code, room_code")) {
                q.setString(1, region);
                if (examArea.isPresent()) {
                    q.setString(2, examArea.get());
                }
                List<ExamRoom> out = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ExamRoom(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getInt(6),
                                rs.getBoolean(7)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int saveRooms(String region, Collection<ExamRoom> rooms, Instant at, String by) {
        return write(c -> {
            Set<String> listed = new HashSet<>();
            try (PreparedStatement q = c.prepareStatement("SELECT exam_area, site_code, room_code FROM exam_room WHERE region_code = ?")) {
                q.setString(1, region);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        listed.add(rs.getString(1) + "\u0000" + rs.getString(2) + "\u0000" + rs.getString(3));
                    }
                }
            }
            int added = 0;
            try (PreparedStatement update = c.prepareStatement("UPDATE exam_room SET site_name = ?, capacity = ?, accessible_seats = ?, in_use = ?, "
                    + "updated_at = ?, updated_by = ? WHERE region_code = ? AND exam_area = ? AND site_code = ? AND room_code = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO exam_room (region_code, exam_area, site_code, site_name, room_code, "
                         + "capacity, accessible_seats, in_use, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int updates = 0;
                int inserts = 0;
                for (ExamRoom r : rooms) {
                    if (listed.contains(r.examArea() + "\u0000" + r.site() + "\u0000" + r.room())) {
                        update.setString(1, r.siteName());
                        update.setInt(2, r.capacity());
                        update.setInt(3, r.accessibleSeats());
                        update.setBoolean(4, r.inUse());
                        update.setTimestamp(5, utc(at));
                        update.setString(6, by);
                        update.setString(7, region);
                        update.setString(8, r.examArea());
                        update.setString(9, r.site());
                        update.setString(10, r.room());
                        update.addBatch();
                        if (++updates % BATCH == 0) {
                            update.executeBatch();
                        }
                    } else {
                        insert.setString(1, region);
                        insert.setString(2, r.examArea());
                        insert.setString(3, r.site());
                        insert.setString(4, r.siteName());
                        insert.setString(5, r.room());
                        insert.setInt(6, r.capacity());
                        insert.setInt(7, r.accessibleSeats());
                        insert.setBoolean(8, r.inUse());
                        insert.setTimestamp(9, utc(at));
                        insert.setString(10, by);
                        insert.addBatch();
                        added++;
                        if (++inserts % BATCH == 0) {
                            insert.executeBatch();
                        }
                    }
                }
                if (updates % BATCH != 0) {
                    update.executeBatch();
                }
                if (inserts % BATCH != 0) {
                    insert.executeBatch();
                }
            }
            return added;
        });
    }

    @Override
    public boolean setRoomInUse(String region, String examArea, String site, String room, boolean inUse, Instant at, String by) {
        return write(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE exam_room SET in_use = ?, updated_at = ?, updated_by = ? "
                    + "WHERE region_code = ? AND exam_area = ? AND site_code = ? AND room_code = ?")) {
                u.setBoolean(1, inUse);
                u.setTimestamp(2, utc(at));
                u.setString(3, by);
                u.setString(4, region);
                u.setString(5, examArea);
                u.setString(6, site);
                u.setString(7, room);
                return u.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<CourseEnrollment> paidCourseEnrollments(String region, String sitting, String examArea) {
        return read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT e.id, e.candidate_id, l.course, l.session_id FROM enrollment e "
                    + "JOIN enrollment_line l ON l.enrollment_id = e.id WHERE e.region_code = ? AND e.sitting = ? AND e.exam_area = ? "
                    + "AND e.status = 'PAID' ORDER BY e.id, l.session_id")) {
                q.setString(1, region);
                q.setString(2, sitting);
                q.setString(3, examArea);
                List<CourseEnrollment> out = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(new CourseEnrollment(uuid(rs.getString(1)), uuid(rs.getString(2)), rs.getString(3), rs.getString(4)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Optional<AllocationRecord> allocation(String region, String sitting, String examArea) {
        return read(c -> allocation(c, region, sitting, examArea));
    }

    private static Optional<AllocationRecord> allocation(Connection c, String region, String sitting, String examArea) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT status, seed, seats, allocated_at, allocated_by, published_at, published_by "
                + "FROM seat_allocation WHERE region_code = ? AND sitting = ? AND exam_area = ?")) {
            q.setString(1, region);
            q.setString(2, sitting);
            q.setString(3, examArea);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp published = rs.getTimestamp(6);
                return Optional.of(new AllocationRecord(region, sitting, examArea, SeatAllocationSummary.Status.valueOf(rs.getString(1).trim()),
                        rs.getLong(2), rs.getInt(3), instant(rs.getTimestamp(4)), rs.getString(5),
                        Optional.ofNullable(published).map(JpaExamOperationsStore::instant), Optional.ofNullable(rs.getString(7))));
            }
        }
    }

    @Override
    public boolean replaceSeats(String region, String sitting, String examArea, long seed, Instant at, String by, List<Seat> seats) {
        return write(c -> {
            int changed;
            try (PreparedStatement u = c.prepareStatement("UPDATE seat_allocation SET seed = ?, seats = ?, allocated_at = ?, allocated_by = ? "
                    + "WHERE region_code = ? AND sitting = ? AND exam_area = ? AND status = 'DRAFT'")) {
                u.setLong(1, seed);
                u.setInt(2, seats.size());
                u.setTimestamp(3, utc(at));
                u.setString(4, by);
                u.setString(5, region);
                u.setString(6, sitting);
                u.setString(7, examArea);
                changed = u.executeUpdate();
            }
            if (changed == 0) {
                if (allocation(c, region, sitting, examArea).isPresent()) {
                    return false;
                }
                // New: a concurrent first allocation inserts too, and one of the two fails on the primary key.
                try (PreparedStatement i = c.prepareStatement("INSERT INTO seat_allocation (region_code, sitting, exam_area, status, seed, seats, "
                        + "allocated_at, allocated_by) VALUES (?, ?, ?, 'DRAFT', ?, ?, ?, ?)")) {
                    i.setString(1, region);
                    i.setString(2, sitting);
                    i.setString(3, examArea);
                    i.setLong(4, seed);
                    i.setInt(5, seats.size());
                    i.setTimestamp(6, utc(at));
                    i.setString(7, by);
                    i.executeUpdate();
                }
            } else {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM seat WHERE region_code = ? AND sitting = ? AND exam_area = ?")) {
                    d.setString(1, region);
                    d.setString(2, sitting);
                    d.setString(3, examArea);
                    d.executeUpdate();
                }
            }
            try (PreparedStatement i = c.prepareStatement("INSERT INTO seat (region_code, sitting, exam_area, session_id, enrollment_id, candidate_id, "
                    + "course, site_code, room_code, seat_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int pending = 0;
                for (Seat s : seats) {
                    i.setString(1, region);
                    i.setString(2, sitting);
                    i.setString(3, examArea);
                    i.setString(4, s.session());
                    i.setString(5, s.enrollment().toString());
                    i.setString(6, s.candidate().toString());
                    i.setString(7, s.course());
                    i.setString(8, s.site());
                    i.setString(9, s.room());
                    i.setInt(10, s.seat());
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
            return true;
        });
    }

    @Override
    public boolean publish(String region, String sitting, String examArea, Instant at, String by) {
        return write(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE seat_allocation SET status = 'PUBLISHED', published_at = ?, published_by = ? "
                    + "WHERE region_code = ? AND sitting = ? AND exam_area = ? AND status = 'DRAFT'")) {
                u.setTimestamp(1, utc(at));
                u.setString(2, by);
                u.setString(3, region);
                u.setString(4, sitting);
                u.setString(5, examArea);
                return u.executeUpdate() == 1;
            }
        });
    }

    private static final String SEAT_COLUMNS = "session_id, enrollment_id, candidate_id, course, site_code, room_code, seat_number";

    private static List<Seat> seats(PreparedStatement q) throws SQLException {
        List<Seat> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(new Seat(rs.getString(1), uuid(rs.getString(2)), uuid(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getInt(7)));
            }
        }
        return out;
    }

    @Override
    public List<Seat> seats(String region, String sitting, String examArea) {
        return read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT " + SEAT_COLUMNS + " FROM seat WHERE region_code = ? AND sitting = ? "
                    + "AND exam_area = ? ORDER BY session_id, site_code, room_code, seat_number")) {
                q.setString(1, region);
                q.setString(2, sitting);
                q.setString(3, examArea);
                return seats(q);
            }
        });
    }

    @Override
    public List<Seat> seatsOf(String region, String sitting, UUID candidate) {
        return read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT " + SEAT_COLUMNS + " FROM seat WHERE candidate_id = ? AND sitting = ? "
                    + "AND region_code = ? ORDER BY session_id")) {
                q.setString(1, candidate.toString());
                q.setString(2, sitting);
                q.setString(3, region);
                return seats(q);
            }
        });
    }

    @Override
    public void moveSeats(String region, String sitting, List<Seat> moved) {
        write(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE seat SET site_code = ?, room_code = ?, seat_number = ? "
                    + "WHERE region_code = ? AND sitting = ? AND session_id = ? AND enrollment_id = ?")) {
                int pending = 0;
                for (Seat s : moved) {
                    u.setString(1, s.site());
                    u.setString(2, s.room());
                    u.setInt(3, s.seat());
                    u.setString(4, region);
                    u.setString(5, sitting);
                    u.setString(6, s.session());
                    u.setString(7, s.enrollment().toString());
                    u.addBatch();
                    if (++pending == BATCH) {
                        u.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    u.executeBatch();
                }
            }
            return null;
        });
    }

    @Override
    public Set<UUID> accessibleSeatNeeds(String region) {
        return read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT candidate_id FROM accessible_seat_need WHERE region_code = ?")) {
                q.setString(1, region);
                Set<UUID> out = new HashSet<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(uuid(rs.getString(1)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void setAccessibleSeatNeed(String region, UUID candidate, boolean needed, Instant at, String by) {
        write(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM accessible_seat_need WHERE region_code = ? AND candidate_id = ?")) {
                d.setString(1, region);
                d.setString(2, candidate.toString());
                d.executeUpdate();
            }
            if (needed) {
                try (PreparedStatement i = c.prepareStatement("INSERT INTO accessible_seat_need (region_code, candidate_id, recorded_at, recorded_by) "
                        + "VALUES (?, ?, ?, ?)")) {
                    i.setString(1, region);
                    i.setString(2, candidate.toString());
                    i.setTimestamp(3, utc(at));
                    i.setString(4, by);
                    i.executeUpdate();
                }
            }
            return null;
        });
    }
}
