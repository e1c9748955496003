package org.kaowu.store.internal;

import java.nio.file.Path;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Builds the DataSource the configuration asks for. Drivers are created directly, not looked up by
 * class name, so nothing depends on the thread context class loader inside OSGi.
 */
final class DataSources {
    private DataSources() {
    }

    /** Embedded Derby database in {@code dataDirectory/derby/kaowu}, created on first use. */
    static EmbeddedDataSource derby(Path dataDirectory) {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(dataDirectory.resolve("derby").resolve("kaowu").toAbsolutePath().toString());
        ds.setCreateDatabase("create");
        return ds;
    }

    /**
     * The embedded Derby database behind a pool: opening an embedded connection costs more than most
     * queries (credentials, the database's path made canonical: a third of a ticket-number lookup's CPU
     * in the load test's profile), and EclipseLink takes one per transaction from the DataSource.
     */
    static HikariDataSource pooledDerby(Path dataDirectory, int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(derby(dataDirectory));
        config.setPoolName("kaowu-derby");
        config.setMaximumPoolSize(maxPoolSize);
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }

    /** Shuts one embedded Derby database down cleanly (SQLState 08006 is Derby's "done"). */
    static void shutdownDerby(EmbeddedDataSource ds) {
        EmbeddedDataSource shutdown = new EmbeddedDataSource();
        shutdown.setDatabaseName(ds.getDatabaseName());
        shutdown.setShutdownDatabase("shutdown");
        try {
            shutdown.getConnection().close();
        } catch (java.sql.SQLException expected) {
            // 08006: database shut down
        }
    }

    /** A pooled PostgreSQL DataSource. */
    static HikariDataSource postgres(String url, String user, String password, int maxPoolSize) {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url);
        if (!user.isEmpty()) {
            pg.setUser(user);
        }
        if (!password.isEmpty()) {
            pg.setPassword(password);
        }
        HikariConfig config = new HikariConfig();
        config.setDataSource(pg);
        config.setPoolName("kaowu");
        config.setMaximumPoolSize(maxPoolSize);
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }

    static boolean isPostgres(String url) {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The error for a JDBC URL of a database Kaowu does not support; any password in it is masked. */
    static IllegalArgumentException unsupported(String url) {
        return new IllegalArgumentException("Unsupported JDBC URL (use jdbc:postgresql://... or leave empty for Derby): "
                + url.replaceAll("password=[^&;]*", "password=***"));
    }
}
