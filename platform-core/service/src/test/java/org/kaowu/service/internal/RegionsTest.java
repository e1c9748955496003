package org.kaowu.service.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.LocalizedText;
import org.kaowu.api.Office;
import org.kaowu.api.TicketNumberStructure;
import org.kaowu.api.TicketSequence;
import org.kaowu.spi.RegionProfile;
import org.kaowu.spi.RegionProperties;
import org.kaowu.spi.TicketNumberFormat;
import org.kaowu.spi.TicketRequest;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

class RegionsTest {
    private static long nextId = 1;

    /** Regions whose bundles, once their services are withdrawn, are on their way back (being updated). */
    private static Regions regions(long graceMillis) {
        return new Regions(graceMillis, java.time.Clock.systemUTC(), bundle -> true);
    }

    /** Regions whose bundles, once their services are withdrawn, stay away (stopped, or being uninstalled). */
    private static Regions stoppedRegions(long graceMillis) {
        return new Regions(graceMillis, java.time.Clock.systemUTC(), bundle -> false);
    }

    /** Binds one service of every SPI except the profile, from bundle {@code bsn} {@code version}. */
    private static List<ServiceReference<?>> bindRest(Regions r, String region, String bsn, String version) {
        List<ServiceReference<?>> refs = new java.util.ArrayList<>();
        for (Class<?> type : Regions.SPIS) {
            if (type == RegionProfile.class) {
                continue;
            }
            ServiceReference<?> ref = ref(region, 0, bsn, version);
            Object service = type == TicketNumberFormat.class ? FORMAT
                    : Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
                        if (m.getName().equals("toString")) {
                            return type.getSimpleName() + " of " + bsn + " " + version;
                        }
                        throw new UnsupportedOperationException(m.getName());
                    });
            r.bind(type, ref, service);
            refs.add(ref);
        }
        return refs;
    }

    /** testland 1.0.0 ("Old") served complete, then every one of its services withdrawn, as a bundle's stop does. */
    private static void serveThenWithdraw(Regions r) {
        ServiceReference<RegionProfile> profile = ref("testland", 0, "org.example.testland", "1.0.0");
        r.bind(RegionProfile.class, profile, profile("testland", "Old"));
        List<ServiceReference<?>> rest = bindRest(r, "testland", "org.example.testland", "1.0.0");
        r.unbind(RegionProfile.class, profile);
        unbindRest(r, rest);
    }

    private static void unbindRest(Regions r, List<ServiceReference<?>> refs) {
        for (int i = 0, j = 0; i < Regions.SPIS.size(); i++) {
            if (Regions.SPIS.get(i) != RegionProfile.class) {
                r.unbind(Regions.SPIS.get(i), refs.get(j++));
            }
        }
    }

    /** A ServiceReference of a region service from bundle {@code bsn} {@code version}. */
    @SuppressWarnings("unchecked")
    private static <S> ServiceReference<S> ref(String region, int ranking, String bsn, String version) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getSymbolicName" -> bsn;
                    case "getVersion" -> Version.parseVersion(version);
                    case "getBundleId" -> (long) bsn.hashCode();
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        Map<String, Object> props = Map.of(RegionProperties.REGION, region, Constants.SERVICE_RANKING, ranking, Constants.SERVICE_ID, nextId++);
        return (ServiceReference<S>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(), new Class<?>[] {ServiceReference.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> props.get((String) a[0]);
                    case "getBundle" -> bundle;
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static RegionProfile profile(String code, String en) {
        return new RegionProfile() {
            public String code() {
                return code;
            }

            public LocalizedText names() {
                return LocalizedText.of(en, en);
            }

            public ZoneId timeZone() {
                return ZoneId.of("UTC");
            }

            public List<String> locales() {
                return List.of("en");
            }

            public Set<IdentityDocumentType> identityDocuments() {
                return Set.of(IdentityDocumentType.RESIDENT_ID);
            }

            public boolean emailRequired() {
                return false;
            }

            public List<Office> offices() {
                return List.of();
            }

            public String defaultRegistrationOffice() {
                return "000001";
            }

            public List<org.kaowu.api.rules.ExamArea> examAreas() {
                return List.of();
            }

            public List<org.kaowu.api.rules.ExamLanguage> examLanguages() {
                return List.of();
            }

            public Map<String, LocalizedText> messages() {
                return Map.of();
            }
        };
    }

    private static final TicketNumberFormat FORMAT = new TicketNumberFormat() {
        public String issue(TicketRequest request, TicketSequence sequence) {
            return "T" + sequence.next("s");
        }

        public boolean isValid(String ticketNumber) {
            return true;
        }

        public TicketNumberStructure structure() {
            return new TicketNumberStructure(1, List.of(), "T");
        }
    };

    @Test
    void highestRankingWinsAndTheRegionsOwnComesBack() {
        Regions r = regions(0);
        ServiceReference<RegionProfile> own = ref("testland", 0, "org.example.testland", "1.0.0");
        ServiceReference<RegionProfile> policy = ref("testland", 10, "org.example.policy", "2.0.0");
        r.bind(RegionProfile.class, own, profile("testland", "Own"));
        bindRest(r, "testland", "org.example.testland", "1.0.0");
        r.bind(RegionProfile.class, policy, profile("testland", "Override"));

        assertThat(r.live("testland")).get().satisfies(l -> {
            assertThat(l.profile().names().values()).containsEntry("en", "Override");
            assertThat(l.bundle()).isEqualTo("org.example.policy");
        });
        r.unbind(RegionProfile.class, policy);
        assertThat(r.live("testland")).get().extracting(LiveRegion::bundleVersion).isEqualTo("1.0.0");
        assertThat(r.regions()).singleElement().satisfies(s -> assertThat(s.code()).isEqualTo("testland"));
    }

    @Test
    void aRequestDuringAnUpdateIsServedAtOnceByTheOldRevisionUntilTheNewOneIsComplete() throws Exception {
        Regions r = regions(5_000);
        ServiceReference<RegionProfile> v1 = ref("testland", 0, "org.example.testland", "1.0.0");
        r.bind(RegionProfile.class, v1, profile("testland", "Old"));
        List<ServiceReference<?>> rest = bindRest(r, "testland", "org.example.testland", "1.0.0");

        // the update begins: the old revision's services go away
        r.unbind(RegionProfile.class, v1);
        unbindRest(r, rest);
        CompletableFuture<Optional<LiveRegion>> during = CompletableFuture.supplyAsync(() -> r.live("testland"));
        assertThat(during).as("served without waiting for the new revision").succeedsWithin(java.time.Duration.ofMillis(500))
                .satisfies(l -> assertThat(l).get().extracting(LiveRegion::bundleVersion).isEqualTo("1.0.0"));
        assertThat(r.regions()).singleElement().satisfies(s -> assertThat(s.bundleVersion()).isEqualTo("1.0.0"));

        // the new revision registers its services, one after the other: the old one serves until it is complete
        r.bind(RegionProfile.class, ref("testland", 0, "org.example.testland", "1.1.0"), profile("testland", "New"));
        assertThat(r.live("testland")).get().satisfies(l -> {
            assertThat(l.bundleVersion()).isEqualTo("1.0.0");
            assertThat(l.profile().names().values()).containsEntry("en", "Old");
            assertThat(l.providers().values()).containsOnly("org.example.testland 1.0.0");
        });
        bindRest(r, "testland", "org.example.testland", "1.1.0");
        assertThat(r.live("testland")).get().satisfies(l -> {
            assertThat(l.bundleVersion()).isEqualTo("1.1.0");
            assertThat(l.profile().names().values()).containsEntry("en", "New");
            assertThat(l.providers().values()).containsOnly("org.example.testland 1.1.0");
        });
    }

    @Test
    void anUpdateThatNeverCompletesLeavesTheOldRevisionServingOnlyForTheGrace() throws Exception {
        Regions r = regions(300);
        serveThenWithdraw(r);
        assertThat(r.live("testland")).get().extracting(LiveRegion::bundleVersion).isEqualTo("1.0.0");
        Thread.sleep(400);
        assertThat(r.live("testland")).isEmpty();
        assertThat(r.regions()).isEmpty();
    }

    @Test
    void aSlowUpdateKeepsTheOldRevisionServingWhileItProgresses() throws Exception {
        Regions r = regions(300);
        serveThenWithdraw(r);
        Thread.sleep(200);
        // the new revision's first service: progress, so the hold runs from now
        r.bind(RegionProfile.class, ref("testland", 0, "org.example.testland", "1.1.0"), profile("testland", "New"));
        Thread.sleep(200);
        assertThat(r.live("testland")).as("400 ms after the withdrawal, 200 ms after the last progress").get()
                .extracting(LiveRegion::bundleVersion).isEqualTo("1.0.0");
        bindRest(r, "testland", "org.example.testland", "1.1.0");
        assertThat(r.live("testland")).get().extracting(LiveRegion::bundleVersion).isEqualTo("1.1.0");
    }

    /** A request for testland that the withdrawal holds: still waiting 100 ms after it was sent. */
    private static CompletableFuture<Optional<LiveRegion>> waitingLive(Regions r) throws InterruptedException {
        CompletableFuture<Optional<LiveRegion>> during = CompletableFuture.supplyAsync(() -> r.live("testland"));
        Thread.sleep(100);
        assertThat(during).as("held while the region may come back").isNotDone();
        return during;
    }

    @Test
    void aRegionStoppedRatherThanUpdatedIsNotServedFromItsOldRevision() throws Exception {
        Regions r = stoppedRegions(5_000);
        serveThenWithdraw(r);
        CompletableFuture<Optional<LiveRegion>> during = waitingLive(r);
        // it is started again: the new snapshot serves
        r.bind(RegionProfile.class, ref("testland", 0, "org.example.testland", "1.0.0"), profile("testland", "Again"));
        bindRest(r, "testland", "org.example.testland", "1.0.0");
        assertThat(during).succeedsWithin(java.time.Duration.ofSeconds(5))
                .satisfies(l -> assertThat(l).get().satisfies(x -> assertThat(x.profile().names().values()).containsEntry("en", "Again")));
    }

    @Test
    void anUninstalledRegionIsNotHeld() {
        Regions r = regions(60_000);
        serveThenWithdraw(r);
        r.removed("org.example.testland");
        CompletableFuture<Optional<LiveRegion>> after = CompletableFuture.supplyAsync(() -> r.live("testland"));
        assertThat(after).succeedsWithin(java.time.Duration.ofSeconds(5)).isEqualTo(Optional.empty());
        assertThat(r.regions()).isEmpty();
    }

    @Test
    void aRemovedRegionIsGoneOnceTheGraceHasPassed() {
        Regions r = regions(200);
        ServiceReference<RegionProfile> p = ref("testland", 0, "org.example.testland", "1.0.0");
        r.bind(RegionProfile.class, p, profile("testland", "Old"));
        r.unbind(RegionProfile.class, p);
        assertThat(r.live("testland")).isEmpty();
        assertThat(r.regions()).isEmpty();
    }

    @Test
    void anUnknownRegionIsAnsweredAtOnce() {
        Regions r = regions(60_000);
        CompletableFuture<Optional<LiveRegion>> unknown = CompletableFuture.supplyAsync(() -> r.live("atlantis"));
        assertThat(unknown).succeedsWithin(java.time.Duration.ofSeconds(5)).isEqualTo(Optional.empty());
    }

    @Test
    void anUninstalledRegionIsGoneAtOnceWithoutWaitingOutTheGrace() throws Exception {
        Regions r = stoppedRegions(60_000);
        serveThenWithdraw(r);
        CompletableFuture<Optional<LiveRegion>> during = waitingLive(r);
        r.removed("org.example.other");
        Thread.sleep(100);
        assertThat(during).as("another bundle's removal changes nothing").isNotDone();
        r.removed("org.example.testland");
        assertThat(during).succeedsWithin(java.time.Duration.ofSeconds(5)).isEqualTo(Optional.empty());
        assertThat(r.regions()).isEmpty();
    }
}
