package org.kaowu.service.internal;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.kaowu.spi.RegionProperties;
import org.osgi.framework.Constants;

/**
 * The plugins of one SPI that serve regions: one registered for the region wins over one for all regions,
 * then the highest {@code service.ranking}, then the oldest service.
 */
final class PluginChoice<S> {
    private record Entry<S>(S service, Optional<String> region, int ranking, long id) {
    }

    private final Map<S, Entry<S>> entries = new ConcurrentHashMap<>();

    void bind(S service, Map<String, Object> props) {
        Object ranking = props.get(Constants.SERVICE_RANKING);
        Object region = props.get(RegionProperties.REGION);
        entries.put(service, new Entry<>(service, region instanceof String s ? Optional.of(s) : Optional.empty(),
                ranking instanceof Integer i ? i : 0, (Long) props.get(Constants.SERVICE_ID)));
    }

    void unbind(S service) {
        entries.remove(service);
    }

    Optional<S> forRegion(String region) {
        return entries.values().stream()
                .filter(e -> e.region().map(region::equals).orElse(true))
                .max(Comparator.<Entry<S>>comparingInt(e -> e.region().isPresent() ? 1 : 0).thenComparingInt(Entry::ranking)
                        .thenComparing(Comparator.comparingLong(Entry<S>::id).reversed()))
                .map(Entry::service);
    }
}
