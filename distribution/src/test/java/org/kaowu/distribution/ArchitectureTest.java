package org.kaowu.distribution;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The dependency rules of ARCHITECTURE.md, checked on the compiled bundles, so that the architecture
 * cannot rot quietly; and the rule that the core never names a region.
 */
class ArchitectureTest {
    private static final JavaClasses KAOWU = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.kaowu");

    @Test
    void apiDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("org.kaowu.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.kaowu.spi..", "org.kaowu.store..", "org.kaowu.service..",
                        "org.kaowu.rest..", "org.kaowu.web..", "org.kaowu.regions..")
                .check(KAOWU);
    }

    @Test
    void spiSeesOnlyTheApi() {
        noClasses().that().resideInAPackage("org.kaowu.spi..")
                .should().dependOnClassesThat().resideInAnyPackage("org.kaowu.store..", "org.kaowu.service..", "org.kaowu.rest..",
                        "org.kaowu.web..", "org.kaowu.regions..")
                .check(KAOWU);
    }

    @Test
    void storeRestAndWebSeeOnlyTheApi() {
        for (String layer : new String[] {"org.kaowu.store..", "org.kaowu.rest..", "org.kaowu.web.."}) {
            noClasses().that().resideInAPackage(layer)
                    .should().dependOnClassesThat().resideInAnyPackage("org.kaowu.spi..", "org.kaowu.service..", "org.kaowu.regions..")
                    .check(KAOWU);
        }
        noClasses().that().resideInAnyPackage("org.kaowu.rest..", "org.kaowu.web..")
                .should().dependOnClassesThat().resideInAPackage("org.kaowu.store..")
                .check(KAOWU);
    }

    @Test
    void theConsolePluginsSeeApiSpiAndTheRegionReaderOnly() {
        // org.kaowu.admin reads the registry and region data as an operator would; it changes nothing behind the services' back
        noClasses().that().resideInAPackage("org.kaowu.admin..")
                .should().dependOnClassesThat().resideInAnyPackage("org.kaowu.store..", "org.kaowu.service..", "org.kaowu.rest..",
                        "org.kaowu.web..", "org.kaowu.regions..", "org.kaowu.regiondata.internal..")
                .check(KAOWU);
    }

    @Test
    void pluginsSeeOnlyApiAndSpi() {
        // Regions are data only (their files are read by org.kaowu.regiondata); plugins are code.
        classes().that().resideInAnyPackage("org.kaowu.regions..", "org.kaowu.plugins..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackages("org.kaowu.store..", "org.kaowu.service..",
                        "org.kaowu.rest..", "org.kaowu.web..", "org.kaowu.admin..", "org.kaowu.launcher..", "org.kaowu.regiondata..")
                .check(KAOWU);
    }

    @Test
    void nothingDependsOnARegionOrAPlugin() {
        noClasses().that().resideOutsideOfPackages("org.kaowu.regions..", "org.kaowu.plugins..")
                .should().dependOnClassesThat().resideInAnyPackage("org.kaowu.regions..", "org.kaowu.plugins..")
                .allowEmptyShould(true)
                .check(KAOWU);
    }

    @Test
    void internalPackagesStayInsideTheirBundle() {
        for (String bundle : new String[] {"store", "service", "rest", "web", "admin"}) {
            noClasses().that().resideOutsideOfPackage("org.kaowu." + bundle + "..")
                    .should().dependOnClassesThat().resideInAPackage("org.kaowu." + bundle + ".internal..")
                    .check(KAOWU);
        }
    }

    /**
     * Province-level divisions of the PRC (GB/T 2260), in pinyin and Chinese: the core may name none of
     * them; region rules belong in region bundles.
     */
    private static final List<String> REGION_NAMES = List.of(
            "beijing", "北京", "tianjin", "天津", "hebei", "河北", "shanxi", "山西", "neimenggu", "inner mongolia", "内蒙古",
            "liaoning", "辽宁", "jilin", "吉林", "heilongjiang", "黑龙江", "shanghai", "上海", "jiangsu", "江苏",
            "zhejiang", "浙江", "anhui", "安徽", "fujian", "福建", "jiangxi", "江西", "shandong", "山东", "henan", "河南",
            "hubei", "湖北", "hunan", "湖南", "guangdong", "广东", "guangxi", "广西", "hainan", "海南", "chongqing", "重庆",
            "sichuan", "四川", "guizhou", "贵州", "yunnan", "云南", "xizang", "tibet", "西藏", "shaanxi", "陕西", "gansu", "甘肃",
            "qinghai", "青海", "ningxia", "宁夏", "xinjiang", "新疆", "taiwan", "台湾", "hong kong", "香港", "macao", "macau", "澳门");

    @Test
    void platformCoreNamesNoRegion() throws IOException {
        // the tests run in distribution/; platform-core is its sibling
        Path core = Path.of("").toAbsolutePath().getParent().resolve("platform-core");
        assertThat(core).isDirectory();
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.walk(core)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().contains("/src/"))::iterator) {
                String text = Files.readString(f).toLowerCase(Locale.ROOT);
                for (String name : REGION_NAMES) {
                    if (text.contains(name)) {
                        offences.add(core.relativize(f) + " names " + name);
                    }
                }
            }
        }
        assertThat(offences).as("region names in platform-core").isEmpty();
    }
}
