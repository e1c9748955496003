package org.kaowu.service.internal.exams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.service.internal.exams.SeatAllocator.Candidate;
import org.kaowu.service.internal.exams.SeatAllocator.Place;
import org.kaowu.service.internal.exams.SeatAllocator.Room;

class SeatAllocatorTest {
    private static List<Room> rooms(int count, int capacity, int accessible) {
        List<Room> rooms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rooms.add(new Room("S" + (i / 10), String.format("R%03d", i), capacity, accessible));
        }
        return rooms;
    }

    /** {@code sizes[k]} candidates of course C{k}; ids from a seeded random, so tests repeat. */
    private static List<Candidate> candidates(int... sizes) {
        Random random = new Random(7);
        List<Candidate> out = new ArrayList<>();
        for (int k = 0; k < sizes.length; k++) {
            for (int i = 0; i < sizes[k]; i++) {
                out.add(new Candidate(new UUID(random.nextLong(), random.nextLong()), "C" + k, false));
            }
        }
        return out;
    }

    private static Map<UUID, Place> byEnrollment(List<Candidate> candidates, Place[] places) {
        Map<UUID, Place> out = new HashMap<>();
        for (int i = 0; i < places.length; i++) {
            out.put(candidates.get(i).enrollment(), places[i]);
        }
        return out;
    }

    /** The course at each seat of each room ("" empty). */
    private static String[][] plan(List<Room> rooms, List<Candidate> candidates, Place[] places) {
        String[][] plan = new String[rooms.size()][];
        for (int r = 0; r < rooms.size(); r++) {
            plan[r] = new String[rooms.get(r).capacity()];
            java.util.Arrays.fill(plan[r], "");
        }
        for (int i = 0; i < places.length; i++) {
            assertThat(plan[places[i].room()][places[i].seat() - 1]).as("seat taken twice").isEmpty();
            plan[places[i].room()][places[i].seat() - 1] = candidates.get(i).course();
        }
        return plan;
    }

    @Test
    void theSameInputAndSeedGiveTheSameSeatsWhateverTheOrderAndAnotherSeedAnotherOrder() {
        List<Room> rooms = rooms(20, 30, 2);
        List<Candidate> candidates = candidates(200, 150, 90, 60, 20, 5);
        Map<UUID, Place> first = byEnrollment(candidates, SeatAllocator.allocate(rooms, candidates, true, 42));
        List<Candidate> shuffled = new ArrayList<>(candidates);
        Collections.shuffle(shuffled, new Random(1));
        Map<UUID, Place> again = byEnrollment(shuffled, SeatAllocator.allocate(rooms, shuffled, true, 42));
        assertThat(again).isEqualTo(first);
        Map<UUID, Place> otherSeed = byEnrollment(candidates, SeatAllocator.allocate(rooms, candidates, true, 43));
        assertThat(otherSeed).isNotEqualTo(first);
        // Another seed changes who sits where, not which seats a course uses.
        String[][] a = plan(rooms, candidates, SeatAllocator.allocate(rooms, candidates, true, 42));
        String[][] b = plan(rooms, candidates, SeatAllocator.allocate(rooms, candidates, true, 43));
        assertThat(b).isDeepEqualTo(a);
    }

    @Test
    void neighboursNeverShareACourseWhenThePolicyAsksAndEveryoneIsSeatedOnce() {
        List<Room> rooms = rooms(30, 31, 0);
        List<Candidate> candidates = candidates(300, 200, 100, 40, 7, 1);
        Place[] places = SeatAllocator.allocate(rooms, candidates, true, 5);
        String[][] plan = plan(rooms, candidates, places);
        int seated = 0;
        for (String[] room : plan) {
            for (int s = 0; s < room.length; s++) {
                if (!room[s].isEmpty()) {
                    seated++;
                    if (s + 1 < room.length) {
                        assertThat(room[s + 1]).as("neighbour of a " + room[s] + " candidate").isNotEqualTo(room[s]);
                    }
                }
            }
        }
        assertThat(seated).isEqualTo(candidates.size());
    }

    @Test
    void withoutSeparationCoursesFillSeatsOneAfterAnother() {
        List<Room> rooms = rooms(10, 30, 0);
        List<Candidate> candidates = candidates(45, 30, 15);
        String[][] plan = plan(rooms, candidates, SeatAllocator.allocate(rooms, candidates, false, 5));
        // 45 of C0 in room 0 and half of room 1, then C1, then C2: no room holds more than two courses, no gap.
        assertThat(plan[0]).containsOnly("C0");
        assertThat(plan[1]).startsWith("C0", "C0").endsWith("C1");
        assertThat(plan[2]).contains("C1", "C2");
        assertThat(plan[3]).containsOnly("");
    }

    @Test
    void candidatesOfOneCourseSitInConsecutiveRoomsAndFewOfThem() {
        List<Room> rooms = rooms(40, 30, 0);
        List<Candidate> candidates = candidates(300, 240, 120, 60, 30);
        Place[] places = SeatAllocator.allocate(rooms, candidates, true, 9);
        Map<String, TreeSet<Integer>> roomsOf = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < places.length; i++) {
            roomsOf.computeIfAbsent(candidates.get(i).course(), c -> new TreeSet<>()).add(places[i].room());
            counts.merge(candidates.get(i).course(), 1, Integer::sum);
        }
        for (var e : roomsOf.entrySet()) {
            TreeSet<Integer> used = e.getValue();
            assertThat(used.last() - used.first() + 1).as(e.getKey() + " in consecutive rooms").isEqualTo(used.size());
            // Alternating with another course it takes at most every other seat: at most 2x its own rooms, plus one at each end.
            int ownRooms = (counts.get(e.getKey()) + 29) / 30;
            assertThat(used.size()).as(e.getKey() + " rooms").isLessThanOrEqualTo(2 * ownRooms + 1);
        }
        // Each room holds at most the two courses it alternates, plus one where a lane changes course.
        for (int r = 0; r < rooms.size(); r++) {
            Set<String> courses = new HashSet<>();
            for (int i = 0; i < places.length; i++) {
                if (places[i].room() == r) {
                    courses.add(candidates.get(i).course());
                }
            }
            assertThat(courses.size()).as("courses in room " + r).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void candidatesWhoNeedAnAccessibleSeatGetOneAndOthersUseTheRest() {
        List<Room> rooms = new ArrayList<>(rooms(4, 20, 0));
        rooms.set(2, new Room("S0", "R002", 20, 3));
        List<Candidate> candidates = new ArrayList<>(candidates(30, 20));
        Random random = new Random(3);
        List<UUID> needing = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID id = new UUID(random.nextLong(), random.nextLong());
            needing.add(id);
            candidates.add(new Candidate(id, i == 0 ? "C1" : "C0", true));
        }
        Place[] places = SeatAllocator.allocate(rooms, candidates, true, 11);
        String[][] plan = plan(rooms, candidates, places);
        for (int i = 0; i < places.length; i++) {
            if (candidates.get(i).accessible()) {
                assertThat(places[i].room()).isEqualTo(2);
                assertThat(places[i].seat()).isBetween(1, 3);
            }
        }
        for (String[] room : plan) {
            for (int s = 0; s + 1 < room.length; s++) {
                if (!room[s].isEmpty()) {
                    assertThat(room[s + 1]).isNotEqualTo(room[s]);
                }
            }
        }
        // More candidates needing one than accessible seats: refused, with the count.
        List<Candidate> tooMany = new ArrayList<>(candidates);
        for (int i = 0; i < 3; i++) {
            tooMany.add(new Candidate(new UUID(random.nextLong(), random.nextLong()), "C" + (i % 2), true));
        }
        assertThatThrownBy(() -> SeatAllocator.allocate(rooms, tooMany, true, 11)).isInstanceOf(KaowuException.class)
                .satisfies(e -> assertThat(((KaowuException) e).code()).isEqualTo(ErrorCode.SEATS_INSUFFICIENT))
                .hasMessageContaining("need an accessible seat");
    }

    @Test
    void aRoomOutOfUseMovesOnlyItsCandidatesAndKeepsTheRules() {
        List<Room> rooms = rooms(12, 30, 1);
        List<Candidate> candidates = candidates(120, 80, 40, 10);
        Place[] before = SeatAllocator.allocate(rooms, candidates, true, 21);
        int closed = before[0].room();
        List<Candidate> others = new ArrayList<>();
        List<Place> othersPlaces = new ArrayList<>();
        List<Candidate> moving = new ArrayList<>();
        for (int i = 0; i < before.length; i++) {
            if (before[i].room() == closed) {
                moving.add(candidates.get(i));
            } else {
                others.add(candidates.get(i));
                othersPlaces.add(before[i]);
            }
        }
        assertThat(moving).isNotEmpty();
        Place[] moved = SeatAllocator.reseat(rooms, closed, others, othersPlaces, moving, true, 21);
        Set<String> taken = new HashSet<>();
        othersPlaces.forEach(p -> taken.add(p.room() + ":" + p.seat()));
        List<Candidate> all = new ArrayList<>(others);
        all.addAll(moving);
        List<Place> after = new ArrayList<>(othersPlaces);
        for (Place p : moved) {
            assertThat(p.room()).isNotEqualTo(closed);
            assertThat(taken.add(p.room() + ":" + p.seat())).as("a free seat").isTrue();
            after.add(p);
        }
        String[][] plan = plan(rooms, all, after.toArray(Place[]::new));
        for (String[] room : plan) {
            for (int s = 0; s + 1 < room.length; s++) {
                if (!room[s].isEmpty()) {
                    assertThat(room[s + 1]).isNotEqualTo(room[s]);
                }
            }
        }
        // The same late change again gives the same places.
        assertThat(SeatAllocator.reseat(rooms, closed, others, othersPlaces, moving, true, 21)).isEqualTo(moved);
    }

    @Test
    void tooFewSeatsAreRefusedWithTheCount() {
        List<Room> rooms = rooms(2, 10, 0);
        // 15 of one course cannot alternate with anything: every other seat, 10 seats in all.
        assertThatThrownBy(() -> SeatAllocator.allocate(rooms, candidates(15), true, 1)).isInstanceOf(KaowuException.class)
                .hasMessageContaining("5 of 15");
        assertThat(SeatAllocator.allocate(rooms, candidates(15), false, 1)).hasSize(15);
    }
}
