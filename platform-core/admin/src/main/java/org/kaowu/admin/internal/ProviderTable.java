package org.kaowu.admin.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * For each region and SPI, which registered service is in force and which ones it shadows: the highest
 * {@code service.ranking} wins, then the oldest service (lowest id), as the platform's region tracker
 * chooses. Built from a snapshot of the service registry.
 */
final class ProviderTable {
    /** One registered service of an SPI for a region. */
    record Provider(String spi, String region, String bundle, String version, int ranking, long serviceId, boolean simulated) {
    }

    /** The provider in force for (region, SPI) and those it shadows, best first. */
    record Choice(String region, String spi, Provider active, List<Provider> shadowed) {
    }

    static final Comparator<Provider> PRECEDENCE = Comparator.comparingInt(Provider::ranking).reversed()
            .thenComparingLong(Provider::serviceId);

    private ProviderTable() {
    }

    /** @param spiOrder the SPIs in the order to show them */
    static List<Choice> choices(List<Provider> providers, List<String> spiOrder) {
        Map<String, Map<String, List<Provider>>> byRegion = new TreeMap<>();
        for (Provider p : providers) {
            byRegion.computeIfAbsent(p.region(), r -> new TreeMap<>()).computeIfAbsent(p.spi(), s -> new ArrayList<>()).add(p);
        }
        List<Choice> result = new ArrayList<>();
        byRegion.forEach((region, bySpi) -> {
            List<String> spis = new ArrayList<>(spiOrder);
            bySpi.keySet().stream().filter(s -> !spis.contains(s)).sorted().forEach(spis::add);
            for (String spi : spis) {
                List<Provider> list = bySpi.get(spi);
                if (list == null) {
                    continue;
                }
                list.sort(PRECEDENCE);
                result.add(new Choice(region, spi, list.get(0), List.copyOf(list.subList(1, list.size()))));
            }
        });
        return result;
    }
}
