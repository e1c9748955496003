package org.kaowu.spi;

/** Service property names shared by plugins of every kind. */
public final class PluginProperties {
    /**
     * {@code true} on a service that simulates an external provider (identity check, payment gateway) for
     * development and tests; the platform may tell operators that a simulator is serving. Remove such
     * plugins from {@code deploy/} in production.
     */
    public static final String SIMULATED = "kaowu.simulated";

    private PluginProperties() {
    }
}
