package org.kaowu.distribution;

import java.util.function.BooleanSupplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** Waiting for the platform inside Pax Exam: on conditions, never on fixed sleeps. */
final class RestRuntime {
    static final long DEADLINE_MS = 60_000;

    private RestRuntime() {
    }

    /**
     * Waits until the Jakarta REST runtime's service.changecount has stopped changing for a second, as
     * the whiteboard's own tests do, then until health is UP and the region is listed.
     */
    static void awaitReady(BundleContext context, Http http) throws InterruptedException {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        Object last = null;
        long stableSince = System.currentTimeMillis();
        while (true) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("The REST runtime did not settle");
            }
            ServiceReference<?> ref = context.getServiceReference("org.osgi.service.jakartars.runtime.JakartarsServiceRuntime");
            Object count = ref == null ? null : ref.getProperty("service.changecount");
            if (count == null || !count.equals(last)) {
                last = count;
                stableSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - stableSince > 1000) {
                break;
            }
            Thread.sleep(50);
        }
        await("health UP", () -> http.get("/api/v1/health").status() == 200);
        await("chongqing listed", () -> http.get("/api/v1/regions").body().contains("\"chongqing\""));
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Moves the business clock as an operator does, by editing conf/org.kaowu.clock.cfg, and waits until the
     * region reports the time. The file is written again while the region does not: FileInstall's write-back
     * of an earlier update (Config Admin, then the file) can land after the edit and undo it.
     */
    static void moveClock(java.nio.file.Path home, Http http, String region, String instant) throws Exception {
        java.nio.file.Path file = home.resolve("conf/org.kaowu.clock.cfg");
        java.time.Instant target = java.time.Instant.parse(instant);
        long[] written = {0};
        long[] shownSince = {0};
        await("clock at " + instant, () -> {
            try {
                if (System.currentTimeMillis() - written[0] > 2000) {
                    java.nio.file.Files.writeString(file, "movedTo=" + instant + "\n");
                    written[0] = System.currentTimeMillis();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            java.time.Instant at = java.time.OffsetDateTime.parse(http.get("/api/v1/regions/" + region).json().path("calendar").path("now")
                    .path("at").asText()).toInstant();
            if (at.isBefore(target) || !at.isBefore(target.plusSeconds(60))) {
                shownSince[0] = 0;
                return false;
            }
            // shown for longer than one poll of FileInstall (500 ms), which could still write an older value back
            if (shownSince[0] == 0) {
                shownSince[0] = System.currentTimeMillis();
            }
            return System.currentTimeMillis() - shownSince[0] > 700;
        });
    }
}
