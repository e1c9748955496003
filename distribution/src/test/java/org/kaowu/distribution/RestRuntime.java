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
}
