package org.kaowu.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * Hot swap under load: {@code kaowu.load.clients} clients, each logged in once as a seeded candidate, read
 * Xinjiang's rules and its April 2019 sitting, look up ticket numbers (with the human check answered) and
 * read their own record, one request after another, while Xinjiang's region bundle is replaced
 * {@code kaowu.load.swaps} (5) times, {@code kaowu.load.swapSeconds} (4) apart, the way an operator does it:
 * a new build of the bundle (another Bundle-Version, another per-course fee; the last one the original fee
 * again) moved over the old jar in deploy/ ({@link RegionSwaps}). A request sent while a swap is under way
 * (from the new jar's arrival until the new version answers) is counted apart, "… in a swap": its maximum
 * is the longest pause a candidate saw. Every answer about the region must be of one version, with that
 * version's fee: a mixed one is an error.
 */
public class HotSwapSimulation extends Simulation {
    static final int SWAPS = Integer.getInteger("kaowu.load.swaps", 5);
    static final Duration EVERY = Duration.ofSeconds(Integer.getInteger("kaowu.load.swapSeconds", 4));
    /** Load before the first swap and after the last one. */
    static final Duration QUIET = Duration.ofSeconds(8);
    static final RegionSwaps SWAPPER = new RegionSwaps(SWAPS, EVERY, QUIET);

    {
        Duration total = QUIET.plus(EVERY.multipliedBy(SWAPS)).plus(QUIET);
        setUp(scenario("hot swap").exec(feed(Scenarios.anyLookupCandidate())).exec(Scenarios.loginThroughTheWaitingRoom(""))
                .during(total).on(requests())
                .injectOpen(atOnceUsers(Scenarios.CLIENTS)))
                .protocols(Scenarios.protocol());
    }

    /** The request's name, with " in a swap" when a swap is under way as it is sent. */
    private static String name(String request) {
        return request + (SWAPPER.swapping() ? " in a swap" : "");
    }

    static ChainBuilder requests() {
        return exec(http(s -> name("region")).get(Scenarios.XJ)
                .check(status().is(200), bodyString().transform(RegionSwaps::inconsistency).is("")))
                .exec(http(s -> name("sitting")).get(Scenarios.XJ + "/sittings/2019-04").check(status().is(200)))
                .exec(http(s -> name("human-check challenge")).post(Scenarios.XJ + "/human-checks").body(StringBody("{\"purpose\":\"LOOKUP\"}"))
                        .check(status().is(201), jsonPath("$.challenge").saveAs("challenge"), jsonPath("$.difficulty").ofInt().saveAs("difficulty")))
                .exec(s -> s.set("humanCheck", HumanCheckAnswers.solve(s.getString("challenge"), s.getInt("difficulty"))))
                .exec(http(s -> name("ticket-number lookup")).post(Scenarios.XJ + "/ticket-number-lookups")
                        .header(HumanCheckAnswers.HEADER, "#{humanCheck}")
                        .body(StringBody("{\"name\":\"#{name}\",\"idNumber\":\"#{idNumber}\"}")).check(status().is(200)))
                .exec(http(s -> name("own record")).get(Scenarios.XJ + "/candidates/me").header("Authorization", "Bearer #{token}")
                        .check(status().is(200)));
    }

    @Override
    public void before() {
        Scenarios.warmUp("hot swap (region, lookups)", () -> {
            if (ThreadLocalRandom.current().nextBoolean()) {
                return HttpRequest.newBuilder(URI.create(Scenarios.BASE + Scenarios.XJ)).GET().build();
            }
            int i = ThreadLocalRandom.current().nextInt(LoadRun.LOOKUP_CANDIDATES);
            return Scenarios.guarded(HumanCheckAnswers.CLIENT, "LOOKUP", Scenarios.XJ + "/ticket-number-lookups",
                    "{\"name\":\"" + LoadCandidates.name(i) + "\",\"idNumber\":\"" + LoadCandidates.idNumber(i) + "\"}");
        });
        try {
            SWAPPER.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void after() {
        SWAPPER.finish();
    }
}
