package org.kaowu.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ConsolePagesTest {
    @Test
    void theHighestRankingProviderIsInForceAndShadowsTheOthers() {
        var own = new ProviderTable.Provider("FeeSchedule", "lakeland", "org.example.lakeland", "1.0.0", 0, 10, false);
        var plugin = new ProviderTable.Provider("FeeSchedule", "lakeland", "org.example.fees", "1.0.0", 100, 42, false);
        var profile = new ProviderTable.Provider("RegionProfile", "lakeland", "org.example.lakeland", "1.0.0", 0, 9, false);
        var older = new ProviderTable.Provider("FeeSchedule", "testregion", "a", "1", 5, 3, false);
        var newer = new ProviderTable.Provider("FeeSchedule", "testregion", "b", "1", 5, 4, false);
        List<ProviderTable.Choice> choices = ProviderTable.choices(List.of(own, plugin, profile, newer, older), RegionsPlugin.SPIS);
        assertThat(choices).extracting(c -> c.region() + "/" + c.spi() + "=" + c.active().bundle() + " over " + c.shadowed().size())
                .containsExactly("lakeland/RegionProfile=org.example.lakeland over 0", "lakeland/FeeSchedule=org.example.fees over 1",
                        "testregion/FeeSchedule=a over 1");
        assertThat(choices.get(1).shadowed()).containsExactly(own);
    }

    @Test
    void aRefusalsProblemIsSplitIntoFileLineAndProblem() {
        assertThat(RegionsPlugin.split("kaowu-region/calendar.json line 13, column 9 (sittings[0].enrollment[0]): enrollment window closes before it opens"))
                .containsExactly("kaowu-region/calendar.json", "13, column 9 (sittings[0].enrollment[0])", "enrollment window closes before it opens");
        assertThat(RegionsPlugin.split("kaowu-region/fees.json: missing")).containsExactly("kaowu-region/fees.json", "-", "missing");
        assertThat(RegionsPlugin.split("its data no longer list 1 code still in use")).containsExactly("-", "-", "its data no longer list 1 code still in use");
    }

    @Test
    void importRangesBecomeResolverFilters() {
        assertThat(ManifestClauses.packageFilter("org.kaowu.spi", "[1.1,2)")).isEqualTo("(&(osgi.wiring.package=org.kaowu.spi)(version>=1.1)(!(version>=2)))");
        assertThat(ManifestClauses.packageFilter("a", "1.0")).isEqualTo("(&(osgi.wiring.package=a)(version>=1.0))");
        assertThat(ManifestClauses.packageFilter("a", null)).isEqualTo("(&(osgi.wiring.package=a))");
        var clauses = ManifestClauses.parse("osgi.service;objectClass:List<String>=\"a.B,c.D\";uses:=\"a\",osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=17))\"");
        assertThat(clauses).hasSize(2);
        assertThat(clauses.get(0).attributes()).containsEntry("objectClass", "a.B,c.D");
        assertThat(clauses.get(0).directives()).containsEntry("uses", "a");
        assertThat(clauses.get(1).directives()).containsEntry("filter", "(&(osgi.ee=JavaSE)(version=17))");
    }
}
