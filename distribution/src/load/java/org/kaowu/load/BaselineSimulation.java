package org.kaowu.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.net.URI;
import java.net.http.HttpRequest;

import io.gatling.javaapi.core.Simulation;

/**
 * The baseline: a bare servlet answering a constant through the same Jetty and servlet whiteboard as the
 * API (the fixture bundle's {@code /load/constant}), {@code kaowu.load.clients} clients each sending one
 * request after another for {@code kaowu.load.seconds}: the HTTP limit of this machine, in this run.
 */
public class BaselineSimulation extends Simulation {
    {
        setUp(scenario("baseline").during(Scenarios.MEASURE).on(
                        exec(http("bare servlet (baseline)").get("/load/constant").check(status().is(200))))
                .injectOpen(atOnceUsers(Scenarios.CLIENTS)))
                .protocols(Scenarios.protocol());
    }

    @Override
    public void before() {
        Scenarios.warmUp("bare servlet", () -> HttpRequest.newBuilder(URI.create(Scenarios.BASE + "/load/constant")).GET().build());
    }
}
