package org.kaowu.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The candidates' side of the platform's human check (its proof of work), as the portal's humancheck.js does
 * it in the browser: a challenge from {@code POST /regions/{code}/human-checks}, then the nonce whose
 * {@code SHA-256(challenge:nonce)} starts with {@code difficulty} zero bits. The load test sets a low
 * difficulty ({@code org.kaowu.humancheck.cfg}, {@link LoadRun}): the clients share the server's two cores,
 * and the server's side of it (the signature, the work, the single use in the database) costs the same at
 * any difficulty.
 */
final class HumanCheckAnswers {
    static final String HEADER = "Kaowu-Human-Check";
    /** The difficulty the load test configures. */
    static final int DIFFICULTY = 4;
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Pattern CHALLENGE = Pattern.compile("\"challenge\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern BITS = Pattern.compile("\"difficulty\"\\s*:\\s*(\\d+)");

    private HumanCheckAnswers() {
    }

    /** A new challenge for {@code purpose}, asked with {@code client} and solved. */
    static String answer(HttpClient client, String purpose) {
        try {
            HttpResponse<String> r = client.send(Scenarios.json(Scenarios.XJ + "/human-checks", "{\"purpose\":\"" + purpose + "\"}"),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Matcher c = CHALLENGE.matcher(r.body());
            Matcher d = BITS.matcher(r.body());
            if (r.statusCode() != 201 || !c.find() || !d.find()) {
                throw new IllegalStateException("No human-check challenge: " + r.statusCode() + " " + r.body());
            }
            return solve(c.group(1), Integer.parseInt(d.group(1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The nonce search of the platform's own proof of work (what the portal's humancheck.js does in the browser). */
    static String solve(String challenge, int difficulty) {
        return org.kaowu.service.internal.humancheck.ProofOfWork.solve(challenge, difficulty);
    }
}
