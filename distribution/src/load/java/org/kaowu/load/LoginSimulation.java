package org.kaowu.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.util.concurrent.ThreadLocalRandom;

import io.gatling.javaapi.core.Simulation;

/**
 * Logins only: {@code kaowu.load.clients} clients logging in one after another for {@code kaowu.load.seconds}
 * (closed, as the baseline): how many logins a second one node takes, each a bcrypt of cost 10. More clients
 * than the waiting room serves at once (one per processor) wait in its line; one sent back comes again with its ticket.
 */
public class LoginSimulation extends Simulation {
    {
        setUp(scenario("logins only").during(Scenarios.MEASURE).on(feed(Scenarios.anyLookupCandidate()).exec(Scenarios.loginThroughTheWaitingRoom("")))
                .injectOpen(atOnceUsers(Scenarios.CLIENTS)))
                .protocols(Scenarios.protocol());
    }

    @Override
    public void before() {
        Scenarios.warmUp("logins", () -> {
            int i = ThreadLocalRandom.current().nextInt(LoadRun.LOOKUP_CANDIDATES);
            return Scenarios.guarded(HumanCheckAnswers.CLIENT, "LOGIN", Scenarios.XJ + "/sessions", "{\"login\":\"" + LoadCandidates.idNumber(i) + "\",\"password\":\"" + LoadCandidates.PASSWORD + "\"}");
        });
    }
}
