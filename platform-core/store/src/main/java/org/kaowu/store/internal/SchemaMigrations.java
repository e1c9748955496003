package org.kaowu.store.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.osgi.framework.BundleReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's schema migrations, applied by Flyway (embedded in this bundle): the SQL scripts
 * {@code db/migration/V<n>__<name>.sql} and the steps that need code, given as instances (V7 encrypts the
 * existing personal data with the node's keys). Flyway records each applied migration with its checksum
 * in {@value #HISTORY} and
 * <ul>
 * <li>refuses to start when an applied script was edited (no silent repair: the store stays down);</li>
 * <li>holds a lock while it migrates (on PostgreSQL an advisory lock), so nodes starting at once on one
 * database wait for each other and then find the work done;</li>
 * <li>takes over a database made by Kaowu's earlier runner: its history ({@value #LEGACY_HISTORY}) is
 * recorded as a Flyway baseline at the version it had reached, and the later migrations follow.</li>
 * </ul>
 */
public final class SchemaMigrations {
    /** Flyway's history table. */
    static final String HISTORY = "flyway_schema_history";
    /** The history table of the runner Kaowu used before Flyway; kept, no longer written. */
    static final String LEGACY_HISTORY = "kaowu_schema_version";
    static final String LOCATION = "classpath:db/migration";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    private final ClassLoader classLoader;
    private final List<JavaMigration> code;
    /** Scripts counted by the last {@link #upToDate} (logging only). */
    private int scriptCount;

    /**
     * @param classLoader finds the scripts and Flyway's database plugins (inside OSGi: the store bundle's)
     * @param code the migrations that need code
     */
    public SchemaMigrations(ClassLoader classLoader, List<JavaMigration> code) {
        this.classLoader = classLoader;
        this.code = List.copyOf(code);
    }

    /** The platform's migrations, with the personal data encrypted by {@code personalData}. */
    public static SchemaMigrations of(ClassLoader classLoader, PersonalData personalData) {
        return new SchemaMigrations(classLoader, List.of(new EncryptPersonalData(personalData)));
    }

    /**
     * Applies the pending migrations.
     *
     * @return the versions applied by this call
     * @throws IllegalStateException naming the migration when an applied one was edited or one fails
     */
    public List<Integer> migrate(DataSource dataSource) throws SQLException {
        if (upToDate(dataSource)) {
            LOG.info("Schema up to date: {} holds the {} migrations this release ships, each applied with the checksum of its script; Flyway not needed",
                    HISTORY, code.size() + scriptCount);
            return List.of();
        }
        return migrate(dataSource, Optional.empty());
    }

    /**
     * True when the history records exactly the migrations this release ships, each applied successfully
     * and with the checksum (and description) of the script shipped now, and nothing else: Flyway would
     * validate it and find nothing to migrate. Checked with one query instead of Flyway (whose set-up took
     * most of a restart's store activation); anything else (a pending, failed, edited, unknown or
     * baseline migration, no history, migrations that cannot be listed) is false, and Flyway decides
     * (migrates, or refuses an edited migration) as before.
     */
    boolean upToDate(DataSource dataSource) {
        Map<String, String> expected = new HashMap<>();
        scriptCount = 0;
        try {
            Map<String, String> scripts = scripts();
            if (scripts == null) {
                return false;
            }
            for (Map.Entry<String, String> script : scripts.entrySet()) {
                Matcher m = SCRIPT.matcher(script.getKey());
                if (!m.matches()) {
                    return false; // Flyway's naming check says what is wrong with it
                }
                String version = m.group(1);
                String row = "SQL|" + script.getKey() + "|" + m.group(2).replace('_', ' ') + "|" + checksum(script.getValue());
                if (expected.put(version, row) != null) {
                    return false;
                }
                scriptCount++;
            }
            for (JavaMigration migration : code) {
                if (migration.getVersion() == null || expected.put(migration.getVersion().getVersion(),
                        "JDBC|" + migration.getClass().getName() + "|" + migration.getDescription() + "|" + migration.getChecksum()) != null) {
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        Map<String, String> applied = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT \"version\", \"type\", \"script\", \"description\", \"checksum\", \"success\" FROM \""
                        + HISTORY + "\"")) {
            while (rs.next()) {
                int value = rs.getInt(5);
                Integer checksum = rs.wasNull() ? null : value;
                String row = rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|" + checksum;
                if (rs.getString(1) == null || !rs.getBoolean(6) || applied.put(rs.getString(1), row) != null) {
                    return false;
                }
            }
        } catch (SQLException noHistoryYet) {
            return false;
        }
        return applied.equals(expected);
    }

    private static final Pattern SCRIPT = Pattern.compile("V(\\d+(?:\\.\\d+)*)__(.+)\\.sql");

    /**
     * The shipped scripts of {@value #LOCATION} by file name, read as Flyway reads them (UTF-8), or null
     * when they cannot be listed (inside OSGi the bundle lists them; outside, a folder on the class path).
     */
    private Map<String, String> scripts() throws IOException {
        String folder = LOCATION.substring("classpath:".length());
        Map<String, String> scripts = new HashMap<>();
        if (classLoader instanceof BundleReference bundle) {
            Enumeration<URL> entries = bundle.getBundle().findEntries(folder, "*.sql", false);
            while (entries != null && entries.hasMoreElements()) {
                URL url = entries.nextElement();
                String path = url.getPath();
                try (InputStream in = url.openStream()) {
                    scripts.put(path.substring(path.lastIndexOf('/') + 1), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return scripts;
        }
        URL url = classLoader.getResource(folder);
        if (url == null || !"file".equals(url.getProtocol())) {
            return null;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(URI.create(url.toString())), "*.sql")) {
            for (Path f : files) {
                scripts.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return scripts;
    }

    /** Flyway's checksum of a script: CRC-32 of its lines without line ends, the byte order mark dropped. */
    static int checksum(String script) throws IOException {
        CRC32 crc = new CRC32();
        try (BufferedReader lines = new BufferedReader(new StringReader(script))) {
            String line = lines.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            while (line != null) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
                line = lines.readLine();
            }
        }
        return (int) crc.getValue();
    }

    /** Applies the migrations up to {@code upTo} (tests: a database as an earlier release left it). */
    List<Integer> migrate(DataSource dataSource, int upTo) throws SQLException {
        return migrate(dataSource, Optional.of(upTo));
    }

    private List<Integer> migrate(DataSource dataSource, Optional<Integer> upTo) throws SQLException {
        Optional<Integer> legacy = legacyVersion(dataSource);
        Flyway flyway = flyway(dataSource, legacy, upTo);
        MigrateResult result;
        try {
            result = withClassLoader(flyway::migrate);
        } catch (FlywayValidateException e) {
            throw new IllegalStateException(refusal(flyway, e), e);
        } catch (FlywayException e) {
            throw new IllegalStateException("Database schema migration failed: " + e.getMessage(), e);
        }
        return result.migrations.stream().map(m -> Integer.valueOf(m.version)).toList();
    }

    /** The highest applied version (0 for an empty database). */
    public int currentVersion(DataSource dataSource) throws SQLException {
        Flyway flyway = flyway(dataSource, legacyVersion(dataSource), Optional.empty());
        MigrationInfo current = withClassLoader(() -> flyway.info().current());
        return current == null || current.getVersion() == null ? 0 : Integer.parseInt(current.getVersion().getVersion());
    }

    private Flyway flyway(DataSource dataSource, Optional<Integer> legacy, Optional<Integer> upTo) {
        FluentConfiguration config = Flyway.configure(classLoader)
                .dataSource(dataSource)
                .locations(LOCATION)
                .javaMigrations(code.toArray(JavaMigration[]::new))
                .table(HISTORY)
                .loggers("slf4j")
                .validateMigrationNaming(true)
                .validateOnMigrate(true)
                .cleanDisabled(true);
        // Only a database the earlier runner made is baselined; any other non-empty schema without
        // Flyway's history is refused by Flyway (it is not one of ours, or not as we left it).
        legacy.ifPresent(version -> config.baselineOnMigrate(true)
                .baselineVersion(String.valueOf(version))
                .baselineDescription(LEGACY_HISTORY + " at V" + version));
        upTo.ifPresent(version -> config.target(String.valueOf(version)));
        return withClassLoader(config::load);
    }

    /** The message when an applied migration no longer matches: names the migration, says what to do. */
    private String refusal(Flyway flyway, FlywayValidateException e) {
        String which;
        try {
            ValidateResult validation = withClassLoader(flyway::validateWithResult);
            // pending migrations are "invalid" to a plain validate: only the applied ones matter here
            which = validation.invalidMigrations.stream()
                    .filter(m -> m.errorDetails == null || (m.errorDetails.errorCode != CoreErrorCode.RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED
                            && m.errorDetails.errorCode != CoreErrorCode.RESOLVED_REPEATABLE_MIGRATION_NOT_APPLIED))
                    .map(m -> "V" + m.version + " (" + (m.filepath == null || m.filepath.isBlank() ? m.description
                            : m.filepath.substring(m.filepath.lastIndexOf('/') + 1)) + ")")
                    .collect(Collectors.joining(", "));
        } catch (RuntimeException again) {
            which = "";
        }
        return "Database schema refused: an applied migration" + (which.isEmpty() ? "" : " " + which)
                + " differs from the one this release ships (checksum mismatch) or is missing. The store stays down; nothing was "
                + "changed. An applied migration must never be edited: restore it as it was applied and put the change in a new "
                + "V<n>__<name>.sql. Flyway says: " + e.getMessage();
    }

    /**
     * The version the earlier runner had reached, when its history table exists (0 if it holds no row),
     * empty otherwise. Read with a plain query: cheaper than DatabaseMetaData on Derby.
     */
    static Optional<Integer> legacyVersion(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + LEGACY_HISTORY)) {
            rs.next();
            return Optional.of(rs.getInt(1));
        } catch (SQLException e) {
            // 42X05 (Derby) and 42P01 (PostgreSQL): no such table
            if ("42X05".equals(e.getSQLState()) || "42P01".equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Flyway finds its plugins through the configured class loader; some libraries ask the thread's. */
    private <T> T withClassLoader(java.util.function.Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
