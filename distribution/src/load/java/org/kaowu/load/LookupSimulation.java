package org.kaowu.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.util.concurrent.ThreadLocalRandom;

import io.gatling.javaapi.core.Simulation;

/**
 * Lookups only: {@code kaowu.load.clients} clients each looking up the ticket number of a random seeded
 * candidate, one after another, for {@code kaowu.load.seconds} (closed, like the baseline, so the two
 * throughputs compare).
 */
public class LookupSimulation extends Simulation {
    {
        setUp(scenario("lookups only").during(Scenarios.MEASURE).on(feed(Scenarios.anyLookupCandidate()).exec(Scenarios.lookup()))
                .injectOpen(atOnceUsers(Scenarios.CLIENTS)))
                .protocols(Scenarios.protocol());
    }

    @Override
    public void before() {
        Scenarios.warmUp("lookups", () -> {
            int i = ThreadLocalRandom.current().nextInt(LoadRun.LOOKUP_CANDIDATES);
            return Scenarios.guarded(HumanCheckAnswers.CLIENT, "LOOKUP", Scenarios.XJ + "/ticket-number-lookups",
                    "{\"name\":\"" + LoadCandidates.name(i) + "\",\"idNumber\":\"" + LoadCandidates.idNumber(i) + "\"}");
        });
    }
}
