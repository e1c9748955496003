package org.kaowu.service.internal;

import java.util.Comparator;
import java.util.List;

import org.kaowu.api.HealthReport;
import org.kaowu.spi.ProviderProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
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

    private static final String FILTER = "(" + ProviderProperties.SIMULATED + "=true)";

    private final BundleContext context;
    private volatile boolean allowed;
    /**
     * Warns of each simulated provider as it registers. A DS reference cannot select services of any
     * interface by a property alone, so this is a plain listener.
     */
    private final ServiceListener registrations = event -> {
        if (event.getType() == ServiceEvent.REGISTERED) {
            warn(provider(event.getServiceReference()));
        }
    };

    @Activate
    public Simulators(Config config, BundleContext context) throws InvalidSyntaxException {
        this.context = context;
        this.allowed = config.allowed();
        context.addServiceListener(registrations, FILTER);
        installed().forEach(this::warn);
    }

    /** Without a framework, for tests: whether simulated providers may serve. */
    Simulators(boolean allowed) {
        this.context = null;
        this.allowed = allowed;
    }

    @Deactivate
    void deactivate() {
        context.removeServiceListener(registrations);
    }

    @Modified
    void modified(Config config) {
        allowed = config.allowed();
        LOG.warn("Simulated providers are now {}", allowed ? "allowed to serve" : "not used");
    }

    boolean allowed() {
        return allowed;
    }

    static boolean isSimulated(Object property) {
        return Boolean.TRUE.equals(property) || "true".equalsIgnoreCase(String.valueOf(property));
    }

    private void warn(HealthReport.SimulatedProvider p) {
        if (allowed) {
            LOG.warn("Simulated provider {} of {} is serving: conf/org.kaowu.simulators.cfg allows simulated providers. "
                    + "Not for production: install the real provider and set allowed=false", p.service(), p.bundle());
        } else {
            LOG.warn("Simulated provider {} of {} is installed but not used: conf/org.kaowu.simulators.cfg does not allow simulated "
                    + "providers", p.service(), p.bundle());
        }
    }

    private HealthReport.SimulatedProvider provider(ServiceReference<?> ref) {
        String bundle = ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName();
        String[] classes = (String[]) ref.getProperty(Constants.OBJECTCLASS);
        String service = classes.length == 0 ? "?" : classes[0].substring(classes[0].lastIndexOf('.') + 1);
        return new HealthReport.SimulatedProvider(bundle, service, allowed);
    }

    /** The simulated providers registered now. */
    List<HealthReport.SimulatedProvider> installed() {
        ServiceReference<?>[] refs;
        try {
            refs = context == null ? null : context.getAllServiceReferences(null, FILTER);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return (refs == null ? java.util.stream.Stream.<ServiceReference<?>>empty() : java.util.Arrays.stream(refs))
                .map(this::provider)
                .sorted(Comparator.comparing(HealthReport.SimulatedProvider::bundle).thenComparing(HealthReport.SimulatedProvider::service))
                .toList();
    }
}
