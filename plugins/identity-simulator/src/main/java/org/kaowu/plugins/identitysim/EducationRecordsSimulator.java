package org.kaowu.plugins.identitysim;


import org.kaowu.spi.IdentityVerifier;
import org.kaowu.spi.PriorEducationVerifier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the national higher-education records in development and tests: it takes time (100 to
 * 300 ms), answers with a reference, and can be down. A diploma number ending in 0 is not found (as for
 * diplomas older than the online records); any other is confirmed. {@code outage=true} (PID
 * {@code org.kaowu.plugins.educationsim}) makes every call fail as unreachable.
 */
@Component(configurationPid = "org.kaowu.plugins.educationsim", property = org.kaowu.spi.ProviderProperties.SIMULATED + "=true")
@Designate(ocd = EducationRecordsSimulator.Config.class)
public final class EducationRecordsSimulator implements PriorEducationVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(EducationRecordsSimulator.class);

    @ObjectClassDefinition(name = "Kaowu education records simulator")
    public @interface Config {
        @AttributeDefinition(name = "Outage")
        boolean outage() default false;

        @AttributeDefinition(name = "Latency scale", description = "1 = realistic delays, 0 = none")
        double latencyScale() default 1.0;
    }

    private volatile Config config;

    @Activate
    @Modified
    void configure(Config c) {
        this.config = c;
    }

    @Override
    public IdentityVerifier.Verdict verify(EducationCheck check) {
        Config c = config;
        SimulatedCall.await(check.diplomaNumber(), 100, 200, c.latencyScale(), c.outage(), "education records");
        String reference = SimulatedCall.reference("EDU");
        boolean found = !check.diplomaNumber().endsWith("0");
        LOG.info("Simulated education records check {} in {}: {}", reference, check.region(), found ? "found" : "not found");
        return found ? new IdentityVerifier.Verdict(true, "diploma confirmed", reference)
                : new IdentityVerifier.Verdict(false, "no diploma with this number in the online records", reference);
    }
}
