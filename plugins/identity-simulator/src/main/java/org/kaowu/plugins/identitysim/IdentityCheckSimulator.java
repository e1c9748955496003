package org.kaowu.plugins.identitysim;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.kaowu.spi.IdentityVerifier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the online identity check (police records, face recognition, photo comparison) in
 * development and tests. It behaves like the real service: it takes time (150 to 400 ms, fixed per ID
 * number), it gives a verdict with a reference, and it can be down. The verdict is decided by markers in
 * the images, so tests and demonstrations choose it: a face image whose top-left pixel is red does not
 * match; an ID card image whose top-left pixel is blue is not found in the records; anything else passes.
 * {@code outage=true} (PID {@code org.kaowu.plugins.identitysim}) makes every call fail as unreachable.
 */
@Component(configurationPid = "org.kaowu.plugins.identitysim", property = org.kaowu.spi.ProviderProperties.SIMULATED + "=true")
@Designate(ocd = IdentityCheckSimulator.Config.class)
public final class IdentityCheckSimulator implements IdentityVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityCheckSimulator.class);

    @ObjectClassDefinition(name = "Kaowu identity check simulator")
    public @interface Config {
        @AttributeDefinition(name = "Outage", description = "Every check fails as if the service were unreachable")
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
    public Verdict verify(IdentityCheck check) {
        Config c = config;
        long delay = SimulatedCall.await(check.idNumber(), 150, 250, c.latencyScale(), c.outage(), "identity check service");
        String reference = SimulatedCall.reference("SIM");
        Verdict verdict;
        if (marked(check.idCardImage(), 0, 0, 255)) {
            verdict = new Verdict(false, "the ID card was not found in the police records", reference);
        } else if (marked(check.faceImage(), 255, 0, 0)) {
            verdict = new Verdict(false, "the face does not match the ID card photo", reference);
        } else {
            verdict = new Verdict(true, "identity confirmed", reference);
        }
        LOG.info("Simulated identity check {} in {}: {} after {} ms", reference, check.region(), verdict.passed() ? "passed" : "failed", delay);
        return verdict;
    }

    /** Whether the image's top-left pixel is close to the colour (JPEG shifts colours a little). */
    private static boolean marked(byte[] image, int r, int g, int b) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(image));
            if (img == null) {
                return false;
            }
            int rgb = img.getRGB(0, 0);
            return Math.abs(((rgb >> 16) & 0xff) - r) < 60 && Math.abs(((rgb >> 8) & 0xff) - g) < 60 && Math.abs((rgb & 0xff) - b) < 60;
        } catch (IOException e) {
            return false;
        }
    }
}
