package org.kaowu.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * Graceful overload: new candidates arrive at {@code kaowu.load.overload} (3) times the logins a second
 * this node takes (measured first, for a few seconds, by this simulation), for {@code kaowu.load.overloadSeconds}.
 * Each logs in through the waiting room: a {@code 503 WAITING_ROOM} answer sends it back after Retry-After
 * with its ticket (the answer is expected, not an error); once in, it starts an enrollment and walks its
 * steps, every one of which must be accepted. Errors in the table: anything else (server errors, lost submissions).
 */
public class OverloadSimulation extends Simulation {
    static final double FACTOR = Double.parseDouble(System.getProperty("kaowu.load.overload", "3"));
    static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("kaowu.load.overloadSeconds", 60));
    static final double CAPACITY = Scenarios.loginCapacity();

    {
        double rate = FACTOR * CAPACITY;
        String line = String.format(Locale.ROOT, "Overload: logins a second this node takes (measured %d s, %d clients): %.1f; arrivals at %.1f x = %.1f a second for %d s%n",
                Scenarios.WARM_UP.toSeconds(), Scenarios.CLIENTS, CAPACITY, FACTOR, rate, DURATION.toSeconds());
        System.out.print(line);
        try {
            Files.writeString(Path.of(System.getProperty("kaowu.load.dir", "target/load"), "overload.txt"), line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        setUp(scenario("overload").exec(feed(candidates())).exec(Scenarios.loginThroughTheWaitingRoom("overload: ")).exec(steps())
                .injectOpen(constantUsersPerSec(rate).during(DURATION)))
                .protocols(Scenarios.protocol());
    }

    /** The second half of the window-opening range (the window opening uses the first). */
    static Iterator<Map<String, Object>> candidates() {
        int from = LoadRun.LOOKUP_CANDIDATES + LoadRun.WINDOW_CANDIDATES / 2;
        return IntStream.range(from, LoadRun.LOOKUP_CANDIDATES + LoadRun.WINDOW_CANDIDATES)
                .mapToObj(i -> Map.<String, Object>of("idNumber", LoadCandidates.idNumber(i), "name", LoadCandidates.name(i))).iterator();
    }

    static ChainBuilder steps() {
        String one = Scenarios.ENROLLMENTS + "/#{enrollment}";
        return exec(http("overload: enrollment start").post(Scenarios.ENROLLMENTS).header("Authorization", "Bearer #{token}")
                .body(StringBody("{\"sitting\":\"2019-04\"}")).check(status().is(201), jsonPath("$.id").saveAs("enrollment")))
                .exec(http("overload: step majors").put(one + "/majors").header("Authorization", "Bearer #{token}")
                        .body(StringBody("{\"majors\":[\"120202\"]}")).check(status().is(200)))
                .exec(http("overload: step courses").put(one + "/courses").header("Authorization", "Bearer #{token}")
                        .body(StringBody("{\"courses\":[{\"major\":\"120202\",\"course\":\"03708\"},{\"major\":\"120202\",\"course\":\"00015\"}]}"))
                        .check(status().is(200)))
                .exec(http("overload: step exam-area").put(one + "/exam-area").header("Authorization", "Bearer #{token}")
                        .body(StringBody("{\"examArea\":\"6501\"}")).check(status().is(200)))
                .exec(http("overload: step payment-method").put(one + "/payment-method").header("Authorization", "Bearer #{token}")
                        .body(StringBody("{\"method\":\"ONLINE\"}")).check(status().is(200)));
    }
}
