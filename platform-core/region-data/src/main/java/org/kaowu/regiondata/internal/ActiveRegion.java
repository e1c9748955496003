package org.kaowu.regiondata.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import org.kaowu.regiondata.RegionData;
import org.kaowu.spi.Catalogue;
import org.kaowu.spi.ExamCalendar;
import org.kaowu.spi.FeeSchedule;
import org.kaowu.spi.IdentityConfirmation;
import org.kaowu.spi.PasswordRecovery;
import org.kaowu.spi.PhotoPolicy;
import org.kaowu.spi.RegionProfile;
import org.kaowu.spi.RegionProperties;
import org.kaowu.spi.RegistrationFlow;
import org.kaowu.spi.ScoreValidityPolicy;
import org.kaowu.spi.TicketNumberFormat;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedService;
import org.osgi.service.metatype.MetaTypeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started region bundle whose data was read. It registers, in the region bundle's name, a
 * ManagedService for the deployment overrides; on each configuration it registers the region's SPI
 * services built from the data with the overrides applied, replacing the previous set. The services
 * are withdrawn before new ones are registered, so the platform never sees a mix of two sets: it waits
 * for the region to be complete again.
 */
final class ActiveRegion {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveRegion.class);
    static final String PID_PREFIX = "org.kaowu.region.";

    private final Bundle bundle;
    private final RegionData data;
    /** The version whose data are served, when not the bundle's own (a refused update). */
    private final Optional<String> dataVersion;
    private final String pid;
    private final List<ServiceRegistration<?>> services = new ArrayList<>();
    private ServiceRegistration<?> configuration;
    private boolean closed;

    ActiveRegion(Bundle bundle, RegionData data, Optional<String> dataVersion) {
        this.bundle = bundle;
        this.data = data;
        this.dataVersion = dataVersion;
        this.pid = PID_PREFIX + data.code();
    }

    synchronized void open() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_PID, pid);
        props.put(MetaTypeProvider.METATYPE_PID, pid);
        props.put(RegionProperties.REGION, data.code());
        String name = data.names().values().getOrDefault("en", data.code());
        configuration = bundle.getBundleContext().registerService(new String[] {ManagedService.class.getName(), MetaTypeProvider.class.getName()},
                new ConfigurationTarget(this, new OverridesMetaType(pid, name)), props);
    }

    /** Config Admin's call, with null when the deployment overrides nothing. */
    synchronized void updated(Dictionary<String, ?> properties) {
        if (closed) {
            return;
        }
        withdraw();
        RegionData effective;
        try {
            effective = Overrides.apply(data, properties);
        } catch (Overrides.Invalid e) {
            LOG.error("Region {} from {} {} refused: configuration {} {}", data.code(), bundle.getSymbolicName(), bundle.getVersion(),
                    pid, e.getMessage());
            return;
        }
        register(effective);
        LOG.info("Region {} served from the data of {} {}{}", data.code(), bundle.getSymbolicName(), dataVersion.orElse(bundle.getVersion().toString()),
                properties == null ? "" : " with the overrides of " + pid);
    }

    synchronized void close() {
        closed = true;
        withdraw();
        unregister(configuration);
        configuration = null;
    }

    private void register(RegionData d) {
        BundleContext context = bundle.getBundleContext();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(RegionProperties.REGION, d.code());
        dataVersion.ifPresent(v -> props.put(RegionProperties.DATA_VERSION, v));
        // The profile goes last: a region appears when it is complete.
        add(context, RegistrationFlow.class, () -> d.flow(), props);
        add(context, IdentityConfirmation.class, () -> d.confirmation(), props);
        add(context, ExamCalendar.class, new DataServices.Calendar(d), props);
        add(context, FeeSchedule.class, () -> d.fees(), props);
        add(context, ScoreValidityPolicy.class, () -> d.scoreValidity(), props);
        add(context, PhotoPolicy.class, () -> d.photo(), props);
        add(context, PasswordRecovery.class, () -> d.recovery(), props);
        add(context, Catalogue.class, () -> d.catalogue(), props);
        d.ticketNumber().ifPresent(t -> add(context, TicketNumberFormat.class,
                new DataServices.TicketNumbers(t, d.defaultRegistrationOffice()), props));
        add(context, RegionProfile.class, new DataServices.Profile(d), props);
    }

    private <S> void add(BundleContext context, Class<S> type, S service, Dictionary<String, Object> props) {
        services.add(context.registerService(type, service, props));
    }

    private void withdraw() {
        services.forEach(ActiveRegion::unregister);
        services.clear();
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle stopped first, and the framework withdrew its services
        }
    }

    /** One object for both interfaces, as Config Admin and MetaType look it up under one PID. */
    private record ConfigurationTarget(ActiveRegion target, MetaTypeProvider metaType) implements ManagedService, MetaTypeProvider {
        @Override
        public void updated(Dictionary<String, ?> properties) {
            target.updated(properties);
        }

        @Override
        public org.osgi.service.metatype.ObjectClassDefinition getObjectClassDefinition(String id, String locale) {
            return metaType.getObjectClassDefinition(id, locale);
        }

        @Override
        public String[] getLocales() {
            return metaType.getLocales();
        }
    }
}
