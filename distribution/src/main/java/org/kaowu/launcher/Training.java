package org.kaowu.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The training run behind {@code bin/kaowu cds}: once the platform is up, send the requests a real
 * start serves first, so that the classes they need are in the class-data-sharing archive the JVM
 * writes when this run exits. Later starts map those classes instead of loading and verifying them.
 */
final class Training {
    private static final String HTTP_RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";
    private static final long DEADLINE_MS = 120_000;

    private Training() {
    }

    static void exercise(BundleContext context) throws InterruptedException, IOException {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        String base = null;
        while (base == null) {
            ServiceReference<?> ref = context.getServiceReference(HTTP_RUNTIME);
            Object endpoint = ref == null ? null : ref.getProperty("osgi.http.endpoint");
            if (endpoint instanceof String[] all && all.length > 0) {
                base = all[0];
            } else if (endpoint instanceof String one) {
                base = one;
            } else if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("training: no HTTP endpoint");
            } else {
                Thread.sleep(50);
            }
        }
        // The endpoint may name any interface of this machine; the training talks to loopback only.
        base = "http://127.0.0.1:" + URI.create(base.replace("%", "%25")).getPort();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        while (status(client, base + "/api/v1/health", null) != 200) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("training: the platform did not become healthy");
            }
            Thread.sleep(100);
        }
        for (String path : List.of("/api/v1/regions", "/api/v1/openapi.json", "/api/v1/regions/none", "/portal/index.html")) {
            status(client, base + path, null);
        }
        status(client, base + "/api/v1/regions/none/ticket-number-lookups", "{\"name\":\"x\",\"idNumber\":\"x\"}");
        status(client, base + "/api/v1/regions/none/candidates", "{not json");
        System.out.println("kaowu: training run done against " + base);
    }

    private static int status(HttpClient client, String url, String jsonBody) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }
}
