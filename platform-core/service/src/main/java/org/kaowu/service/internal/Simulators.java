package org.kaowu.service.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.kaowu.api.HealthReport;
import org.kaowu.spi.ProviderProperties;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether simulated providers (services with {@value ProviderProperties#SIMULATED}{@code =true}: the
 * identity-check and education-records simulators, the development outbox) may serve, from PID
 * {@code org.kaowu.simulators}; off unless conf/ says {@code allowed=true}. Keeps the list of the simulated
 * providers installed for health, and warns in the log for each one at every start.
 */
@Component(service = Simulators.class, configurationPid = "org.kaowu.simulators")
@Designate(ocd = Simulators.Config.class)
public final class Simulators {
    private static final Logger LOG = LoggerFactory.getLogger(Simulators.class);

    @ObjectClassDefinition(name = "Kaowu simulated providers")
    public @interface Config {
        @AttributeDefinition(name = "Allowed", description = "Whether simulated providers (identity check, education records, "
                + "development outbox, payment) may serve. Never in production: candidates would be checked by a simulator")
        boolean allowed() default false;
    }

    private final Map<ServiceReference<?>, HealthReport.SimulatedProvider> installed = new ConcurrentHashMap<>();
    private volatile boolean allowed;

    @Activate
    public Simulators(Config config) {
        modified(config);
    }

    /** For tests and the components that choose plugins: whether simulated providers may serve. */
    Simulators(boolean allowed) {
        this.allowed = allowed;
    }

    @Modified
    void modified(Config config) {
        allowed = config.allowed();
        installed.replaceAll((ref, p) -> new HealthReport.SimulatedProvider(p.bundle(), p.service(), allowed));
    }

    boolean allowed() {
        return allowed;
    }

    /** Whether a provider with these service properties is simulated and must not serve now. */
    boolean excluded(Map<String, Object> props) {
        return isSimulated(props.get(ProviderProperties.SIMULATED)) && !allowed;
    }

    static boolean isSimulated(Object property) {
        return Boolean.TRUE.equals(property) || "true".equalsIgnoreCase(String.valueOf(property));
    }

    @Reference(service = Object.class, target = "(" + ProviderProperties.SIMULATED + "=true)", cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindSimulated(ServiceReference<?> ref) {
        String bundle = ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName();
        String[] classes = (String[]) ref.getProperty(Constants.OBJECTCLASS);
        String service = classes.length == 0 ? "?" : classes[0].substring(classes[0].lastIndexOf('.') + 1);
        installed.put(ref, new HealthReport.SimulatedProvider(bundle, service, allowed));
        if (allowed) {
            LOG.warn("Simulated provider {} of {} is serving: conf/org.kaowu.simulators.cfg allows simulated providers. "
                    + "Not for production: install the real provider and set allowed=false", service, bundle);
        } else {
            LOG.warn("Simulated provider {} of {} is installed but not used: conf/org.kaowu.simulators.cfg does not allow simulated "
                    + "providers", service, bundle);
        }
    }

    void unbindSimulated(ServiceReference<?> ref) {
        installed.remove(ref);
    }

    List<HealthReport.SimulatedProvider> installed() {
        return installed.values().stream()
                .sorted(Comparator.comparing(HealthReport.SimulatedProvider::bundle).thenComparing(HealthReport.SimulatedProvider::service))
                .toList();
    }
}
