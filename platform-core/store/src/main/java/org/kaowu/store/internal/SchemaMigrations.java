package org.kaowu.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/**
 * Applies the versioned migrations listed in {@code db/migration/index.txt}, in order, each in its own
 * transaction together with its row in {@code kaowu_schema_version}: SQL scripts ({@code V<n>__x.sql}),
 * and steps that need code ({@code V<n>__x.java}, given to the constructor by version, e.g. encrypting
 * the existing personal data). A migration already applied is never run again; no data is dropped (V8
 * drops the clear ID and mobile numbers only after V7 has encrypted each of them). A second node
 * starting at the same time fails on the version row's primary key and rolls back, leaving the first
 * node's work intact.
 */
public final class SchemaMigrations {
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.(sql|java)");
    private static final String TABLE = "kaowu_schema_version";

    private final ClassLoader resources;
    private final java.util.Map<Integer, Step> steps;

    /** A migration that needs code: runs inside the migration's transaction on its connection. */
    @FunctionalInterface
    public interface Step {
        void apply(Connection c) throws SQLException;
    }

    /** @param steps the code of each {@code .java} migration, by version */
    public SchemaMigrations(ClassLoader resources, java.util.Map<Integer, Step> steps) {
        this.resources = resources;
        this.steps = java.util.Map.copyOf(steps);
    }

    /** The platform's migrations, with the personal data encrypted by {@code personalData}. */
    public static SchemaMigrations of(ClassLoader resources, PersonalData personalData) {
        return new SchemaMigrations(resources, java.util.Map.of(7, new EncryptPersonalData(personalData)));
    }

    /** A migration: its version, description, and statements or a step. */
    record Script(int version, String description, List<String> statements, Optional<Step> step) {
    }

    /** @return the versions applied by this call */
    public List<Integer> migrate(DataSource dataSource) throws SQLException {
        return migrate(dataSource, Integer.MAX_VALUE);
    }

    /** Applies the migrations up to {@code upTo} (tests: a database as an earlier release left it). */
    List<Integer> migrate(DataSource dataSource, int upTo) throws SQLException {
        List<Integer> applied = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            int current = ensureVersionTable(c);
            for (Script script : scripts()) {
                if (script.version() <= current || script.version() > upTo) {
                    continue;
                }
                apply(c, script);
                applied.add(script.version());
            }
        }
        return applied;
    }

    public int currentVersion(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return currentVersion(c).orElse(0);
        }
    }

    List<Script> scripts() {
        List<Script> scripts = new ArrayList<>();
        int previous = 0;
        for (String name : read("db/migration/index.txt").split("\\R")) {
            name = name.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException("Migration file name not of the form V<n>__<words>.sql: " + name);
            }
            int version = Integer.parseInt(m.group(1));
            // ascending, gaps allowed (as Flyway): V9-V11 are reserved for migrations on other branches
            if (version <= previous) {
                throw new IllegalStateException("Migration versions must ascend; after V" + previous + " came " + name);
            }
            previous = version;
            String description = m.group(2).replace('_', ' ');
            if (m.group(3).equals("java")) {
                Step step = steps.get(version);
                if (step == null) {
                    throw new IllegalStateException("No code given for migration " + name);
                }
                scripts.add(new Script(version, description, List.of(), Optional.of(step)));
            } else {
                scripts.add(new Script(version, description, statements(read("db/migration/" + name)), Optional.empty()));
            }
        }
        return scripts;
    }

    static List<String> statements(String sql) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                result.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("Migration script ends without ';'");
        }
        return result;
    }

    private void apply(Connection c, Script script) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String statement : script.statements()) {
                s.execute(statement);
            }
            if (script.step().isPresent()) {
                script.step().get().apply(c);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO " + TABLE + " (version, description, applied_at) VALUES (?, ?, ?)")) {
                p.setInt(1, script.version());
                p.setString(2, script.description());
                p.setTimestamp(3, Timestamp.from(Instant.now()));
                p.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("Migration V" + script.version() + " (" + script.description() + ") failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Creates the version table if missing; returns the version the database is at. */
    private static int ensureVersionTable(Connection c) throws SQLException {
        Optional<Integer> current = currentVersion(c);
        if (current.isPresent()) {
            return current.get();
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + TABLE + " (version INTEGER NOT NULL PRIMARY KEY, "
                    + "description VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)");
        } catch (SQLException e) {
            // Another node may have created it in the meantime.
            if (currentVersion(c).isEmpty()) {
                throw e;
            }
        }
        return currentVersion(c).orElse(0);
    }

    /**
     * The highest applied version, or empty when the version table does not exist. A plain query: on
     * Derby it is much cheaper than DatabaseMetaData.getTables.
     */
    private static Optional<Integer> currentVersion(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + TABLE)) {
            rs.next();
            return Optional.of(rs.getInt(1));
        } catch (SQLException e) {
            // 42X05 (Derby) and 42P01 (PostgreSQL): no such table
            if ("42X05".equals(e.getSQLState()) || "42P01".equals(e.getSQLState())) {
                if (!autoCommit) {
                    c.rollback();
                }
                return Optional.empty();
            }
            throw e;
        }
    }

    private String read(String resource) {
        try (InputStream in = resources.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read migration resource " + resource, e);
        }
    }
}
