package org.kaowu.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Migration V7: encrypts the ID and mobile numbers of every existing row into the columns V6 added, with
 * their keyed hashes, and gives existing candidates their e-mail and mobile login names where no other
 * candidate of the region shares them (a shared one identified nobody before either). Runs in the
 * migration's transaction: all rows or none.
 */
final class EncryptPersonalData implements SchemaMigrations.Step {
    private final PersonalData data;

    EncryptPersonalData(PersonalData data) {
        this.data = data;
    }

    private record Row(String id, String region, String idNumber, String mobile, String email) {
    }

    @Override
    public void apply(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, region_code, id_number, mobile, email FROM candidate")) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1).strip(), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        // How many candidates of a region share each login name.
        Map<String, Integer> uses = new HashMap<>();
        for (Row r : rows) {
            for (String name : loginNames(r).keySet()) {
                uses.merge(name, 1, Integer::sum);
            }
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE candidate SET id_number_enc = ?, id_number_mac = ?, mobile_enc = ?, "
                + "mobile_mac = ?, login_kinds = ? WHERE id = ?");
                PreparedStatement login = c.prepareStatement("INSERT INTO login_name (region_code, value_mac, kind, candidate_id) VALUES (?, ?, ?, ?)")) {
            for (Row r : rows) {
                Set<String> kinds = new LinkedHashSet<>();
                for (Map.Entry<String, String> name : loginNames(r).entrySet()) {
                    if (uses.get(name.getKey()) == 1) {
                        String kind = name.getValue();
                        login.setString(1, r.region());
                        login.setString(2, name.getKey().substring(name.getKey().indexOf('\n') + 1));
                        login.setString(3, kind);
                        login.setString(4, r.id());
                        login.addBatch();
                        kinds.add(kind);
                    }
                }
                update.setString(1, data.encrypt(Columns.CANDIDATE_ID_NUMBER, r.idNumber()));
                update.setString(2, data.lookup(Columns.ID, r.idNumber()));
                update.setString(3, data.encrypt(Columns.CANDIDATE_MOBILE, r.mobile()));
                update.setString(4, data.lookup(Columns.MOBILE, r.mobile()));
                update.setString(5, String.join(",", kinds));
                update.setString(6, r.id());
                update.addBatch();
            }
            update.executeBatch();
            login.executeBatch();
        }
        List<String[]> records = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT region_code, ticket_number, id_number FROM record_on_file")) {
            while (rs.next()) {
                records.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE record_on_file SET id_number_enc = ?, id_number_mac = ? WHERE region_code = ? AND ticket_number = ?")) {
            for (String[] r : records) {
                update.setString(1, data.encrypt(Columns.RECORD_ID_NUMBER, r[2]));
                update.setString(2, data.lookup(Columns.ID, r[2]));
                update.setString(3, r[0]);
                update.setString(4, r[1]);
                update.addBatch();
            }
            update.executeBatch();
        }
        // Mobile-binding codes named the number in clear in their channel.
        List<String[]> bindings = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, channel FROM password_recovery WHERE channel LIKE 'BIND:%'")) {
            while (rs.next()) {
                bindings.add(new String[] {rs.getString(1), rs.getString(2).substring("BIND:".length())});
            }
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE password_recovery SET channel = ?, target_enc = ? WHERE id = ?")) {
            for (String[] b : bindings) {
                update.setString(1, Columns.BINDING_CHANNEL);
                update.setString(2, data.encrypt(Columns.RECOVERY_TARGET, b[1]));
                update.setString(3, b[0]);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** "region\nmac" to the kind of login name. */
    private Map<String, String> loginNames(Row r) {
        Map<String, String> names = new HashMap<>();
        if (r.email() != null && !r.email().isBlank()) {
            names.put(r.region() + "\n" + data.lookup(Columns.EMAIL, r.email().strip().toLowerCase(Locale.ROOT)), "EMAIL");
        }
        names.put(r.region() + "\n" + data.lookup(Columns.MOBILE, r.mobile()), "MOBILE");
        return names;
    }
}
