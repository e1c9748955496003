package org.kaowu.service.internal;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.osgi.framework.Constants;

/**
 * The plugins of one SPI told apart by a service property ({@code kaowu.region}, {@code kaowu.channel}):
 * the one registered for the value asked wins over one registered for all values (where that is allowed),
 * then the highest {@code service.ranking}, then the oldest service. A simulated provider
 * ({@code kaowu.simulated=true}) takes part only while simulated providers are allowed.
 */
final class PluginChoice<S> {
    private record Entry<S>(S service, Optional<String> key, int ranking, long id, boolean simulated) {
    }

    private final String property;
    private final boolean unkeyedServesAll;
    private final BooleanSupplier simulatedAllowed;
    private final Map<S, Entry<S>> entries = new ConcurrentHashMap<>();

    /**
     * @param property         the service property that says what a plugin serves
     * @param unkeyedServesAll whether a plugin without the property serves every value
     */
    PluginChoice(String property, boolean unkeyedServesAll) {
        this(property, unkeyedServesAll, () -> true);
    }

    /** @param simulatedAllowed whether simulated providers may serve now (asked at every choice) */
    PluginChoice(String property, boolean unkeyedServesAll, BooleanSupplier simulatedAllowed) {
        this.property = property;
        this.unkeyedServesAll = unkeyedServesAll;
        this.simulatedAllowed = simulatedAllowed;
    }

    void bind(S service, Map<String, Object> props) {
        Object ranking = props.get(Constants.SERVICE_RANKING);
        Object key = props.get(property);
        entries.put(service, new Entry<>(service, key instanceof String s ? Optional.of(s) : Optional.empty(),
                ranking instanceof Integer i ? i : 0, (Long) props.get(Constants.SERVICE_ID),
                Simulators.isSimulated(props.get(org.kaowu.spi.ProviderProperties.SIMULATED))));
    }

    void unbind(S service) {
        entries.remove(service);
    }

    Optional<S> forKey(String key) {
        boolean simulators = simulatedAllowed.getAsBoolean();
        return entries.values().stream()
                .filter(e -> simulators || !e.simulated())
                .filter(e -> e.key().map(key::equals).orElse(unkeyedServesAll))
                .max(Comparator.<Entry<S>>comparingInt(e -> e.key().isPresent() ? 1 : 0).thenComparingInt(Entry::ranking)
                        .thenComparing(Comparator.comparingLong(Entry<S>::id).reversed()))
                .map(Entry::service);
    }
}
