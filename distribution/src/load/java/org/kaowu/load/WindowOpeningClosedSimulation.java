package org.kaowu.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;

/**
 * The window opening as a closed model: {@code kaowu.load.users} (64) candidates at once, each walking the
 * whole journey (human check and login through the waiting room, region, sitting, human check and ticket-number
 * lookup, enrollment start, majors, courses, exam area, payment method, pay order, the gateway's pay page, polls
 * until the simulator's signed callback has settled it, the confirmation PDF) with a fresh seeded candidate each
 * time, again and again for {@code kaowu.load.seconds}. The goal: no errors, and p99 under 100 ms for every
 * request type but the login (a bcrypt, whose rate is the node's login capacity).
 */
public class WindowOpeningClosedSimulation extends Simulation {
    {
        setUp(scenario("window opening, closed").during(Scenarios.MEASURE).on(feed(Scenarios.closedWindowCandidates()).exec(Scenarios.windowOpening()))
                .injectOpen(atOnceUsers(Scenarios.USERS)))
                .protocols(Scenarios.protocol());
    }
}
