package org.kaowu.distribution;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small real-HTTP client for the tests: JDK HttpClient, JSON through Jackson. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    /** Sent as Accept-Language with every request when not null. */
    private final String language;
    /** Whether a login, lookup or recovery gets its human check solved here (as the portal does in the browser). */
    private final boolean solveHumanChecks;

    Http(int port) {
        this("http://127.0.0.1:" + port, null, true);
    }

    private Http(String base, String language, boolean solveHumanChecks) {
        this.base = base;
        this.language = language;
        this.solveHumanChecks = solveHumanChecks;
    }

    /** The same client, asking for answers (problem details) in {@code language}, e.g. "en". */
    Http inLanguage(String language) {
        return new Http(base, language, solveHumanChecks);
    }

    /** The same client, sending no human-check answer of its own (a test sets the header itself, or none). */
    Http withoutHumanCheck() {
        return new Http(base, language, false);
    }

    private static final java.util.regex.Pattern GUARDED = java.util.regex.Pattern.compile(
            "/api/v1/regions/([a-z0-9-]+)/(sessions|ticket-number-lookups|password-recoveries)");

    /**
     * The answer to a new human-check challenge of the region for {@code purpose} (LOGIN, LOOKUP, RECOVERY):
     * the platform's proof of work solved as the portal's humancheck.js does it, {@code <challenge>:<nonce>}.
     */
    String humanCheck(String region, String purpose) {
        Answer c = withoutHumanCheck().postJson("/api/v1/regions/" + region + "/human-checks", java.util.Map.of("purpose", purpose));
        org.junit.Assert.assertEquals(c.toString(), 201, c.status());
        return solve(c.json().path("challenge").asText(), c.json().path("difficulty").asInt());
    }

    // Not ProofOfWork.solve: the ITs run inside Felix as a probe bundle, where the service's internal
    // package is not exported (the load test, on a plain class path, calls that one).
    static String solve(String challenge, int difficulty) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (long n = 0; ; n++) {
                String answer = challenge + ":" + n;
                byte[] h = sha.digest(answer.getBytes(StandardCharsets.UTF_8));
                int bits = 0;
                for (byte b : h) {
                    if (b == 0) {
                        bits += 8;
                        continue;
                    }
                    bits += Integer.numberOfLeadingZeros(b & 0xff) - 24;
                    break;
                }
                if (bits >= difficulty) {
                    return answer;
                }
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The guarded request's region and purpose (a POST to a login, lookup or recovery start), or null. */
    private String[] guarded(HttpRequest built) {
        java.util.regex.Matcher m = GUARDED.matcher(built.uri().getPath());
        if (!solveHumanChecks || !built.method().equals("POST") || !m.matches()) {
            return null;
        }
        return new String[] {m.group(1), switch (m.group(2)) {
            case "sessions" -> "LOGIN";
            case "ticket-number-lookups" -> "LOOKUP";
            default -> "RECOVERY";
        }};
    }

    /** A response: status, content type, body text, and the body as JSON when it is JSON. */
    record Answer(int status, String contentType, String body, String location, String retryAfterHeader) {
        Answer(int status, String contentType, String body, String location) {
            this(status, contentType, body, location, null);
        }

        /** Retry-After in seconds, or -1 when absent. */
        long retryAfter() {
            return retryAfterHeader == null ? -1 : Long.parseLong(retryAfterHeader);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + ", " + contentType + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Answer get(String path, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Basic " + basic).GET());
    }

    Answer post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    Answer postJson(String path, Object body) {
        try {
            return post(path, "application/json", JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A staff session of the region (201 asserted). */
    String staffLogin(String region, String username, String password) {
        Answer a = postJson("/api/v1/regions/" + region + "/staff/sessions", java.util.Map.of("username", username, "password", password));
        org.junit.Assert.assertEquals(a.toString(), 201, a.status());
        return a.json().path("token").asText();
    }

    /** A session of a staff account that the platform administrator creates if it does not exist yet. */
    String staff(String adminPassword, String username, String role, String region, String office) {
        String admin = staffLogin(region, "platform-admin", adminPassword);
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>(java.util.Map.of("username", username, "password", "Office-Desk-2026",
                "role", role));
        if (office != null) {
            body.put("office", office);
        }
        Answer a = bearer("POST", "/api/v1/regions/" + region + "/staff", admin, body);
        org.junit.Assert.assertTrue(a.toString(), a.status() == 201 || (a.status() == 409 && a.body().contains("STAFF_ALREADY_EXISTS")));
        return staffLogin(region, username, "Office-Desk-2026");
    }

    /** With {@code Authorization: Bearer <token>}: GET, POST, PUT or DELETE, a JSON body where given. */
    Answer bearer(String method, String path, String token, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, publisher);
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            return send(b);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** With {@code Authorization: Bearer <token>}, a POST of raw bytes of the given content type (e.g. a CSV file). */
    Answer bearerPost(String path, String token, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    private URI uri(String path) {
        return URI.create(path.startsWith("http") ? path : base + path);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            if (language != null) {
                request.setHeader("Accept-Language", language);
            }
            HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
            // a POST the platform guards with a human check gets a fresh answer, unless the test set one itself
            String[] guarded = built.headers().firstValue("Kaowu-Human-Check").isPresent() ? null : guarded(built);
            if (guarded != null) {
                built = request.setHeader("Kaowu-Human-Check", humanCheck(guarded[0], guarded[1])).build();
            }
            HttpResponse<String> r;
            try {
                r = client.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // A pooled keep-alive connection that the server closed in the meantime (e.g. after
                // answering without reading a body): the request never reached the server. The JDK
                // client retries only idempotent requests on its own; do it for the rest, once.
                if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                    throw e;
                }
                if (guarded != null) {
                    built = request.setHeader("Kaowu-Human-Check", humanCheck(guarded[0], guarded[1])).build(); // a spent answer fails
                }
                r = client.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            }
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                    r.headers().firstValue("Location").orElse(null), r.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            return new Answer(-1, "", e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
