package org.kaowu.service.internal;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Constants;

/**
 * The plugins of one SPI told apart by a service property ({@code kaowu.region}, {@code kaowu.channel}):
 * the one registered for the value asked wins over one registered for all values (where that is allowed),
 * then the highest {@code service.ranking}, then the oldest service.
 */
final class PluginChoice<S> {
    private record Entry<S>(S service, Optional<String> key, int ranking, long id) {
    }

    private final String property;
    private final boolean unkeyedServesAll;
    private final Map<S, Entry<S>> entries = new ConcurrentHashMap<>();

    /**
     * @param property         the service property that says what a plugin serves
     * @param unkeyedServesAll whether a plugin without the property serves every value
     */
    PluginChoice(String property, boolean unkeyedServesAll) {
        this.property = property;
        this.unkeyedServesAll = unkeyedServesAll;
    }

    void bind(S service, Map<String, Object> props) {
        Object ranking = props.get(Constants.SERVICE_RANKING);
        Object key = props.get(property);
        entries.put(service, new Entry<>(service, key instanceof String s ? Optional.of(s) : Optional.empty(),
                ranking instanceof Integer i ? i : 0, (Long) props.get(Constants.SERVICE_ID)));
    }

    void unbind(S service) {
        entries.remove(service);
    }

    Optional<S> forKey(String key) {
        return entries.values().stream()
                .filter(e -> e.key().map(key::equals).orElse(unkeyedServesAll))
                .max(Comparator.<Entry<S>>comparingInt(e -> e.key().isPresent() ? 1 : 0).thenComparingInt(Entry::ranking)
                        .thenComparing(Comparator.comparingLong(Entry<S>::id).reversed()))
                .map(Entry::service);
    }
}
