package org.kaowu.web.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;

import org.apache.felix.webconsole.spi.ConfigurationHandler;
import org.kaowu.api.AuditLog;
import org.apache.felix.webconsole.spi.ValidationException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console's Configuration form checks a Kaowu PID's values with its metatype before saving:
 * every value goes through its {@link AttributeDefinition#validate(String)} (a region's deployment
 * overrides check fee amounts, windows and dates against the region's data), and a refused value is
 * shown in the form instead of being saved. The console itself does not call validate; it calls its
 * {@link ConfigurationHandler}s, and this is one. Every change made in the console, saved or refused, is
 * audited ({@code CONSOLE_CONFIGURATION}, with the PID and the names of the properties, never their values).
 */
@Component
public final class ConsoleConfigurationCheck implements ConfigurationHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleConfigurationCheck.class);
    private static final String KAOWU = "org.kaowu.";

    private final BundleContext context;
    private final MetaTypeService metaType;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AuditLog audit;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConsoleSecurity security;

    @Activate
    public ConsoleConfigurationCheck(BundleContext context, @Reference MetaTypeService metaType) {
        this.context = context;
        this.metaType = metaType;
    }

    @Override
    public void createConfiguration(String pid) {
        // nothing to check before there are values
    }

    @Override
    public void createFactoryConfiguration(String factoryPid, String name) {
        // nothing to check before there are values
    }

    @Override
    public void deleteConfiguration(String factoryPid, String pid) {
        // deleting returns to the bundle's defaults, which are good
        record(factoryPid, pid, "DONE", "deleted: back to the defaults");
    }

    /**
     * Audits a configuration change made in the console: the PID and the names of the properties given,
     * never their values (a password may be among them).
     */
    private void record(String factoryPid, String pid, String outcome, String detail) {
        AuditLog log = audit;
        if (log == null) {
            LOG.warn("Configuration {} changed in the web console while the audit log is unavailable: {}", pid, detail);
            return;
        }
        String id = pid != null ? pid : String.valueOf(factoryPid);
        ConsoleSecurity s = security;
        Optional<String> region = regionOf(id);
        log.record("console:" + (s == null ? "?" : s.username()), "CONSOLE_CONFIGURATION", region, Optional.empty(), outcome,
                Optional.of(id + ": " + detail));
    }

    /** The region a configuration is about: PID org.kaowu.region.<code> (or a factory configuration org.kaowu.region~<code>). */
    static Optional<String> regionOf(String pid) {
        for (String prefix : new String[] {"org.kaowu.region.", "org.kaowu.region~"}) {
            if (pid.startsWith(prefix) && pid.length() > prefix.length()) {
                return Optional.of(pid.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    @Override
    public void updateConfiguration(String factoryPid, String pid, Dictionary<String, Object> props) throws ValidationException {
        String id = factoryPid != null ? factoryPid : pid;
        String names = props == null ? "" : String.join(", ", new java.util.TreeSet<>(java.util.Collections.list(props.keys())));
        try {
            check(id, props);
        } catch (ValidationException e) {
            record(factoryPid, pid, "REFUSED", e.getMessage());
            throw e;
        }
        record(factoryPid, pid, "DONE", "saved (" + names + ")");
    }

    private void check(String id, Dictionary<String, Object> props) throws ValidationException {
        if (id == null || !id.startsWith(KAOWU) || props == null) {
            return;
        }
        Optional<ObjectClassDefinition> form = definition(id);
        if (form.isEmpty()) {
            return;
        }
        AttributeDefinition[] attributes = form.get().getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (attributes == null) {
            return;
        }
        for (AttributeDefinition a : attributes) {
            for (String value : values(props.get(a.getID()))) {
                String problem = a.validate(value);
                if (problem != null && !problem.isEmpty()) {
                    LOG.warn("Configuration {} refused in the web console: {}", id, problem);
                    throw new ValidationException(a.getName() + " (" + a.getID() + "): " + problem);
                }
            }
        }
    }

    private Optional<ObjectClassDefinition> definition(String id) {
        for (Bundle b : context.getBundles()) {
            MetaTypeInformation info = metaType.getMetaTypeInformation(b);
            if (info == null) {
                continue;
            }
            boolean has = contains(info.getPids(), id) || contains(info.getFactoryPids(), id);
            if (has) {
                try {
                    return Optional.ofNullable(info.getObjectClassDefinition(id, null));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static boolean contains(String[] ids, String id) {
        if (ids != null) {
            for (String s : ids) {
                if (id.equals(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> values(Object value) {
        List<String> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                result.add(String.valueOf(Array.get(value, i)));
            }
        } else if (value instanceof Collection<?> c) {
            c.forEach(o -> result.add(String.valueOf(o)));
        } else {
            result.add(String.valueOf(value));
        }
        result.removeIf(String::isEmpty);
        return result;
    }
}
