package org.kaowu.service.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.ExamRoom;
import org.kaowu.api.KaowuException;
import org.kaowu.api.SeatAllocation;
import org.kaowu.api.SeatAllocationSummary;
import org.kaowu.service.internal.exams.SeatAllocator;
import org.kaowu.spi.SeatingPolicy;
import org.kaowu.store.AccountStore;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.ExamOperationsStore;
import org.kaowu.store.ExamOperationsStore.Seat;
import org.kaowu.store.StoredStaff;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seat allocation by the province office, per sitting and exam area: reads the PAID enrollments' courses
 * of the area and its rooms in use, seats each session with {@link SeatAllocator} under the region's
 * {@link SeatingPolicy} (a region's or plugin's, highest ranking, else {@link SeatingPolicy#STANDARD}) and
 * the seed given (mixed with the session id), and replaces the stored seats in batches, with the audit
 * entry in the same transaction, only while the allocation is DRAFT. Publication freezes it; a room taken
 * out of use moves its candidates only.
 */
@Component
public final class SeatAllocationService implements SeatAllocation {
    private static final Logger LOG = LoggerFactory.getLogger(SeatAllocationService.class);

    private final Regions regions;
    private final ExamOperationsStore store;
    private final CandidateStore candidates;
    private final AccountStore accounts;
    private final Clock clock;
    private final Audit audit;
    private final ProvinceOffice office;
    private final PluginChoice<SeatingPolicy> policies = new PluginChoice<>(org.kaowu.spi.RegionProperties.REGION, true);

    @Activate
    public SeatAllocationService(@Reference Regions regions,
            @Reference(target = "(component.name=org.kaowu.store.internal.StoreComponent)") ExamOperationsStore store,
            @Reference CandidateStore candidates, @Reference AccountStore accounts, @Reference SessionTokens tokens, @Reference Clock clock) {
        this.regions = regions;
        this.store = store;
        this.candidates = candidates;
        this.accounts = accounts;
        this.clock = clock;
        this.audit = new Audit(accounts, clock);
        this.office = new ProvinceOffice(tokens, accounts, audit);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindPolicy(SeatingPolicy policy, Map<String, Object> props) {
        policies.bind(policy, props);
    }

    void unbindPolicy(SeatingPolicy policy) {
        policies.unbind(policy);
    }

    private boolean separate(String region) {
        return policies.forKey(region).orElse(SeatingPolicy.STANDARD).neighboursShareNoCourse();
    }

    private LiveRegion live(String code) {
        return regions.live(code).orElseThrow(() -> new KaowuException(ErrorCode.REGION_NOT_FOUND, "No region " + code + " is installed"));
    }

    private static void area(LiveRegion live, String examArea) {
        if (examArea == null || live.profile().examAreas().stream().noneMatch(a -> a.code().equals(examArea))) {
            throw new KaowuException(ErrorCode.UNKNOWN_EXAM_AREA, "examArea", "Region " + live.code() + " has no exam area " + examArea);
        }
    }

    /** The seed of one session: the allocation's seed mixed with the session id, so sessions differ and each repeats. */
    static long sessionSeed(long seed, String session) {
        return seed * 0x9E3779B97F4A7C15L + session.hashCode();
    }

    @Override
    public SeatAllocationSummary allocate(String token, String regionCode, String sitting, String examArea, long seed) {
        LiveRegion live = live(regionCode);
        StoredStaff me = office.require(token, regionCode, "SEAT_ALLOCATION");
        EnrollmentService.sitting(live, sitting);
        area(live, examArea);
        if (store.allocation(regionCode, sitting, examArea).filter(a -> a.status() == SeatAllocationSummary.Status.PUBLISHED).isPresent()) {
            throw published(sitting, examArea);
        }
        long started = System.nanoTime();
        List<ExamRoom> rooms = store.rooms(regionCode, Optional.of(examArea)).stream().filter(ExamRoom::inUse).toList();
        List<SeatAllocator.Room> places = rooms.stream().map(r -> new SeatAllocator.Room(r.site(), r.room(), r.capacity(), r.accessibleSeats())).toList();
        Set<UUID> needs = store.accessibleSeatNeeds(regionCode);
        boolean separate = separate(regionCode);
        Map<String, List<ExamOperationsStore.CourseEnrollment>> bySession = new TreeMap<>();
        for (ExamOperationsStore.CourseEnrollment c : store.paidCourseEnrollments(regionCode, sitting, examArea)) {
            bySession.computeIfAbsent(c.session(), s -> new ArrayList<>()).add(c);
        }
        List<Seat> seats = new ArrayList<>();
        for (Map.Entry<String, List<ExamOperationsStore.CourseEnrollment>> e : bySession.entrySet()) {
            List<ExamOperationsStore.CourseEnrollment> list = e.getValue();
            List<SeatAllocator.Candidate> input = list.stream()
                    .map(c -> new SeatAllocator.Candidate(c.enrollment(), c.course(), needs.contains(c.candidate()))).toList();
            SeatAllocator.Place[] placed = SeatAllocator.allocate(places, input, separate, sessionSeed(seed, e.getKey()));
            for (int i = 0; i < placed.length; i++) {
                ExamOperationsStore.CourseEnrollment c = list.get(i);
                SeatAllocator.Room room = places.get(placed[i].room());
                seats.add(new Seat(c.session(), c.enrollment(), c.candidate(), c.course(), room.site(), room.room(), placed[i].seat()));
            }
        }
        long allocated = System.nanoTime();
        String actor = "staff:" + me.username();
        accounts.atomically(() -> {
            if (!store.replaceSeats(regionCode, sitting, examArea, seed, clock.instant(), actor, seats)) {
                throw published(sitting, examArea);
            }
            audit.record(actor, "SEAT_ALLOCATION", regionCode, Optional.of(sitting + "/" + examArea), "DONE", Optional.of(seats.size()
                    + " seats in " + roomsUsed(seats) + " of " + rooms.size() + " rooms, " + bySession.size() + " sessions, seed " + seed
                    + (separate ? ", neighbours sitting different courses" : "")));
            return null;
        });
        LOG.info("Seats of {} {} {}: {} allocated in {} ms, written in {} ms", regionCode, sitting, examArea, seats.size(),
                (allocated - started) / 1_000_000, (System.nanoTime() - allocated) / 1_000_000);
        return summary(regionCode, sitting, examArea, seats, 0);
    }

    private static int roomsUsed(List<Seat> seats) {
        Set<String> used = new HashSet<>();
        seats.forEach(s -> used.add(s.site() + "/" + s.room()));
        return used.size();
    }

    private static KaowuException published(String sitting, String examArea) {
        return new KaowuException(ErrorCode.SEAT_ALLOCATION_PUBLISHED, "The seats of " + sitting + " in exam area " + examArea
                + " are published: they can no longer be allocated again (a room out of use moves its candidates only)");
    }

    private SeatAllocationSummary summary(String region, String sitting, String examArea, List<Seat> seats, int moved) {
        ExamOperationsStore.AllocationRecord a = store.allocation(region, sitting, examArea).orElseThrow(() -> notFound(sitting, examArea));
        return new SeatAllocationSummary(region, sitting, examArea, a.status(), a.seed(), seats.size(), roomsUsed(seats), moved, a.allocatedAt(),
                a.publishedAt());
    }

    private static KaowuException notFound(String sitting, String examArea) {
        return new KaowuException(ErrorCode.SEAT_ALLOCATION_NOT_FOUND, "The seats of " + sitting + " in exam area " + examArea + " are not allocated");
    }

    @Override
    public SeatAllocationSummary summary(String token, String regionCode, String sitting, String examArea) {
        live(regionCode);
        office.require(token, regionCode, "SEAT_ALLOCATION_READ");
        store.allocation(regionCode, sitting, examArea).orElseThrow(() -> notFound(sitting, examArea));
        return summary(regionCode, sitting, examArea, store.seats(regionCode, sitting, examArea), 0);
    }

    @Override
    public SeatAllocationSummary publish(String token, String regionCode, String sitting, String examArea) {
        live(regionCode);
        StoredStaff me = office.require(token, regionCode, "SEAT_ALLOCATION_PUBLISH");
        String actor = "staff:" + me.username();
        accounts.atomically(() -> {
            if (!store.publish(regionCode, sitting, examArea, clock.instant(), actor)) {
                throw store.allocation(regionCode, sitting, examArea).isPresent() ? published(sitting, examArea) : notFound(sitting, examArea);
            }
            audit.record(actor, "SEAT_ALLOCATION_PUBLISH", regionCode, Optional.of(sitting + "/" + examArea), "DONE", Optional.empty());
            return null;
        });
        return summary(regionCode, sitting, examArea, store.seats(regionCode, sitting, examArea), 0);
    }

    @Override
    public SeatAllocationSummary closeRoom(String token, String regionCode, String sitting, String examArea, String site, String room) {
        LiveRegion live = live(regionCode);
        StoredStaff me = office.require(token, regionCode, "EXAM_ROOM_CLOSE");
        area(live, examArea);
        List<ExamRoom> all = store.rooms(regionCode, Optional.of(examArea));
        ExamRoom closed = all.stream().filter(r -> r.site().equals(site) && r.room().equals(room)).findFirst()
                .orElseThrow(() -> new KaowuException(ErrorCode.ROOM_NOT_FOUND, "Exam area " + examArea + " has no room " + site + "/" + room));
        ExamOperationsStore.AllocationRecord allocation = store.allocation(regionCode, sitting, examArea).orElseThrow(() -> notFound(sitting, examArea));
        // The rooms that can take candidates, and the closed one (its index), whose seats are freed.
        List<ExamRoom> rooms = new ArrayList<>(all.stream().filter(r -> r.inUse() && r != closed).toList());
        rooms.add(closed);
        int closedIndex = rooms.size() - 1;
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < rooms.size(); i++) {
            index.put(rooms.get(i).site() + "/" + rooms.get(i).room(), i);
        }
        List<SeatAllocator.Room> places = rooms.stream().map(r -> new SeatAllocator.Room(r.site(), r.room(), r.capacity(), r.accessibleSeats())).toList();
        Set<UUID> needs = store.accessibleSeatNeeds(regionCode);
        boolean separate = separate(regionCode);
        List<Seat> seats = store.seats(regionCode, sitting, examArea);
        Map<String, List<Seat>> bySession = new TreeMap<>();
        seats.forEach(s -> bySession.computeIfAbsent(s.session(), x -> new ArrayList<>()).add(s));
        List<Seat> moved = new ArrayList<>();
        for (List<Seat> session : bySession.values()) {
            List<SeatAllocator.Candidate> others = new ArrayList<>();
            List<SeatAllocator.Place> othersPlaces = new ArrayList<>();
            List<Seat> moving = new ArrayList<>();
            for (Seat s : session) {
                Integer r = index.get(s.site() + "/" + s.room());
                if (r != null && r == closedIndex) {
                    moving.add(s);
                } else if (r != null && s.seat() <= rooms.get(r).capacity()) {
                    others.add(new SeatAllocator.Candidate(s.enrollment(), s.course(), needs.contains(s.candidate())));
                    othersPlaces.add(new SeatAllocator.Place(r, s.seat()));
                }
            }
            if (moving.isEmpty()) {
                continue;
            }
            moving.sort(java.util.Comparator.comparing(Seat::enrollment));
            SeatAllocator.Place[] to = SeatAllocator.reseat(places, closedIndex, others, othersPlaces, moving.stream()
                    .map(s -> new SeatAllocator.Candidate(s.enrollment(), s.course(), needs.contains(s.candidate()))).toList(), separate,
                    sessionSeed(allocation.seed(), session.get(0).session()));
            for (int i = 0; i < to.length; i++) {
                Seat s = moving.get(i);
                SeatAllocator.Room r = places.get(to[i].room());
                moved.add(new Seat(s.session(), s.enrollment(), s.candidate(), s.course(), r.site(), r.room(), to[i].seat()));
            }
        }
        String actor = "staff:" + me.username();
        accounts.atomically(() -> {
            // The moves were computed from the seats read above: an allocation run since then (DRAFT) makes them stale.
            ExamOperationsStore.AllocationRecord now = store.allocation(regionCode, sitting, examArea).orElseThrow(() -> notFound(sitting, examArea));
            if (!now.allocatedAt().equals(allocation.allocatedAt()) || now.seed() != allocation.seed()) {
                throw new KaowuException(ErrorCode.CONFLICT_RETRY, "The seats were allocated again meanwhile; take the room out of use again");
            }
            store.setRoomInUse(regionCode, examArea, site, room, false, clock.instant(), actor);
            store.moveSeats(regionCode, sitting, moved);
            audit.record(actor, "EXAM_ROOM_CLOSE", regionCode, Optional.of(sitting + "/" + examArea + "/" + site + "/" + room), "DONE",
                    Optional.of("room out of use; " + moved.size() + " seats moved, the others kept (allocation " + allocation.status() + ")"));
            return null;
        });
        return summary(regionCode, sitting, examArea, store.seats(regionCode, sitting, examArea), moved.size());
    }

    @Override
    public void recordAccessibleSeatNeed(String token, String regionCode, UUID candidate, boolean needed) {
        live(regionCode);
        StoredStaff me = office.require(token, regionCode, "ACCESSIBLE_SEAT_NEED");
        candidates.findById(regionCode, candidate).orElseThrow(() -> new KaowuException(ErrorCode.CANDIDATE_NOT_FOUND, "No such candidate"));
        String actor = "staff:" + me.username();
        accounts.atomically(() -> {
            store.setAccessibleSeatNeed(regionCode, candidate, needed, clock.instant(), actor);
            audit.record(actor, "ACCESSIBLE_SEAT_NEED", regionCode, Optional.of(candidate.toString()), "DONE",
                    Optional.of(needed ? "needs an accessible seat" : "needs no accessible seat"));
            return null;
        });
    }
}
