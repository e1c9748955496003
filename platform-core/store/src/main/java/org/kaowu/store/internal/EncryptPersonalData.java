package org.kaowu.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration V7, a Flyway Java migration given to Flyway as an instance (it needs the keys): encrypts the ID and mobile numbers of every existing row into the columns V6 added, with
 * their keyed hashes, and gives existing candidates their e-mail and mobile login names where no other
 * candidate of the region shares them (a shared one identified nobody before either). Runs in the
 * migration's transaction: all rows or none. Rows are read with a cursor and written in batches, so a
 * province's millions of candidates need no more memory than a batch and the set of shared names.
 */
final class EncryptPersonalData implements JavaMigration {
    private static final int BATCH = 1000;

    private final PersonalData data;

    EncryptPersonalData(PersonalData data) {
        this.data = data;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("7");
    }

    @Override
    public String getDescription() {
        return "encrypt personal data";
    }

    /** Code has no script to checksum; it runs once, like every migration. */
    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        apply(context.getConnection());
    }

    void apply(Connection c) throws SQLException {
        Set<String> sharedEmails = shared(c, "LOWER(email)", "email IS NOT NULL");
        Set<String> sharedMobiles = shared(c, "mobile", "mobile IS NOT NULL");
        try (Statement read = c.createStatement();
                PreparedStatement update = c.prepareStatement("UPDATE candidate SET id_number_enc = ?, id_number_mac = ?, mobile_enc = ?, "
                        + "mobile_mac = ?, login_kinds = ? WHERE id = ?");
                PreparedStatement login = c.prepareStatement("INSERT INTO login_name (region_code, value_mac, kind, candidate_id) VALUES (?, ?, ?, ?)")) {
            read.setFetchSize(BATCH);
            int pending = 0;
            try (ResultSet rs = read.executeQuery("SELECT id, region_code, id_number, mobile, email FROM candidate")) {
                while (rs.next()) {
                    String id = rs.getString(1).strip();
                    String region = rs.getString(2);
                    String idNumber = rs.getString(3);
                    String mobile = rs.getString(4);
                    String email = rs.getString(5) == null || rs.getString(5).isBlank() ? null : rs.getString(5).strip().toLowerCase(Locale.ROOT);
                    Set<String> kinds = new LinkedHashSet<>();
                    if (email != null && !sharedEmails.contains(region + "\n" + email)) {
                        addLogin(login, region, data.lookup(Columns.EMAIL, email), "EMAIL", id);
                        kinds.add("EMAIL");
                    }
                    if (!sharedMobiles.contains(region + "\n" + mobile)) {
                        addLogin(login, region, data.lookup(Columns.MOBILE, mobile), "MOBILE", id);
                        kinds.add("MOBILE");
                    }
                    update.setString(1, data.encrypt(Columns.CANDIDATE_ID_NUMBER, idNumber));
                    update.setString(2, data.lookup(Columns.ID, idNumber));
                    update.setString(3, data.encrypt(Columns.CANDIDATE_MOBILE, mobile));
                    update.setString(4, data.lookup(Columns.MOBILE, mobile));
                    update.setString(5, String.join(",", kinds));
                    update.setString(6, id);
                    update.addBatch();
                    if (++pending == BATCH) {
                        update.executeBatch();
                        login.executeBatch();
                        pending = 0;
                    }
                }
            }
            update.executeBatch();
            login.executeBatch();
        }
        try (Statement read = c.createStatement();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE record_on_file SET id_number_enc = ?, id_number_mac = ? WHERE region_code = ? AND ticket_number = ?")) {
            read.setFetchSize(BATCH);
            int pending = 0;
            try (ResultSet rs = read.executeQuery("SELECT region_code, ticket_number, id_number FROM record_on_file")) {
                while (rs.next()) {
                    update.setString(1, data.encrypt(Columns.RECORD_ID_NUMBER, rs.getString(3)));
                    update.setString(2, data.lookup(Columns.ID, rs.getString(3)));
                    update.setString(3, rs.getString(1));
                    update.setString(4, rs.getString(2));
                    update.addBatch();
                    if (++pending == BATCH) {
                        update.executeBatch();
                        pending = 0;
                    }
                }
            }
            update.executeBatch();
        }
        // Mobile-binding codes named the number in clear in their channel (codes live ten minutes: a handful of rows).
        try (Statement read = c.createStatement();
                PreparedStatement update = c.prepareStatement("UPDATE password_recovery SET channel = ?, target_enc = ? WHERE id = ?");
                ResultSet rs = read.executeQuery("SELECT id, channel FROM password_recovery WHERE channel LIKE 'BIND:%'")) {
            while (rs.next()) {
                update.setString(1, Columns.BINDING_CHANNEL);
                update.setString(2, data.encrypt(Columns.RECOVERY_TARGET, rs.getString(2).substring("BIND:".length())));
                update.setString(3, rs.getString(1));
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** "region\nvalue" of the values that more than one candidate of a region holds. */
    private static Set<String> shared(Connection c, String value, String where) throws SQLException {
        Set<String> shared = new HashSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT region_code, " + value + " FROM candidate WHERE " + where
                        + " GROUP BY region_code, " + value + " HAVING COUNT(*) > 1")) {
            while (rs.next()) {
                shared.add(rs.getString(1) + "\n" + rs.getString(2));
            }
        }
        return shared;
    }

    private static void addLogin(PreparedStatement login, String region, String mac, String kind, String candidate) throws SQLException {
        login.setString(1, region);
        login.setString(2, mac);
        login.setString(3, kind);
        login.setString(4, candidate);
        login.addBatch();
    }
}
