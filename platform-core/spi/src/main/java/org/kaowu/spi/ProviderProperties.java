package org.kaowu.spi;

/**
 * Service property names that say something about a plugin provider itself, whatever SPI it implements.
 */
public final class ProviderProperties {
    /**
     * {@code true} on a provider that only simulates the real service (identity check, education records,
     * the development outbox, a payment simulator): the core uses it only while {@code conf/} explicitly
     * allows simulated providers (PID {@code org.kaowu.simulators}, {@code allowed=true}), lists it in
     * health, and warns in the log.
     */
    public static final String SIMULATED = "kaowu.simulated";

    private ProviderProperties() {
    }
}
