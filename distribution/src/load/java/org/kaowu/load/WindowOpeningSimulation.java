package org.kaowu.load;

import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.time.Duration;

import io.gatling.javaapi.core.Simulation;

/**
 * The window opening: Xinjiang's April 2019 window open on the moved clock, seeded candidates arriving at
 * a rising rate (from 1 to {@code kaowu.load.rate} new candidates a second over {@code kaowu.load.rampSeconds},
 * then that rate for {@code kaowu.load.holdSeconds}); each logs in, reads the region and the sitting, looks up
 * its ticket number, starts an enrollment, walks the steps, pays through the payment simulator (whose signed
 * callback settles it), and downloads the confirmation.
 */
public class WindowOpeningSimulation extends Simulation {
    static final double RATE = Double.parseDouble(System.getProperty("kaowu.load.rate", "5"));
    static final Duration RAMP = Duration.ofSeconds(Integer.getInteger("kaowu.load.rampSeconds", 60));
    static final Duration HOLD = Duration.ofSeconds(Integer.getInteger("kaowu.load.holdSeconds", 30));

    {
        setUp(scenario("window opening").exec(feed(Scenarios.windowCandidates())).exec(Scenarios.windowOpening())
                .injectOpen(rampUsersPerSec(1).to(RATE).during(RAMP), io.gatling.javaapi.core.CoreDsl.constantUsersPerSec(RATE).during(HOLD)))
                .protocols(Scenarios.protocol());
    }
}
