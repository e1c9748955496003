package org.kaowu.store.internal;

import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;

import org.eclipse.persistence.jpa.PersistenceProvider;

/**
 * Creates the "kaowu" persistence unit on a given DataSource. The store bundle creates the factory
 * itself (EclipseLink registers no OSGi provider service) with its own class loader and weaving off.
 */
public final class PersistenceUnit {
    private PersistenceUnit() {
    }

    public static EntityManagerFactory create(DataSource dataSource, boolean postgres) {
        Map<String, Object> props = new HashMap<>();
        props.put("jakarta.persistence.nonJtaDataSource", dataSource);
        props.put("eclipselink.classloader", PersistenceUnit.class.getClassLoader());
        props.put("eclipselink.target-database", postgres
                ? "org.eclipse.persistence.platform.database.PostgreSQLPlatform"
                : "org.eclipse.persistence.platform.database.DerbyPlatform");
        EntityManagerFactory emf = new PersistenceProvider().createEntityManagerFactory("kaowu", props);
        if (emf == null) {
            throw new IllegalStateException("EclipseLink did not find persistence unit 'kaowu'");
        }
        // Fail now, not at the first request, if the database or the mapping is wrong.
        emf.createEntityManager().close();
        return emf;
    }
}
