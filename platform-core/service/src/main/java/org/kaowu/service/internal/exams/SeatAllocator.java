package org.kaowu.service.internal.exams;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;

/**
 * Seats one session of one exam area: a pure function of the rooms, the course enrollments, the policy and
 * the seed. Seats of a room are numbered 1..capacity in the order they stand, so consecutive numbers are
 * neighbours; seats 1..accessibleSeats are accessible.
 * <p>
 * Courses are taken largest first (then by code), each course's candidates in an order drawn from the seed
 * (a hash of seed and enrollment id: the same input gives the same seats, another seed another order), and
 * poured into the rooms in order, so a course fills consecutive seats and rooms (together where the rooms
 * allow). Where neighbours must not share a course, two courses are poured at once, alternating seat by
 * seat; a seat whose neighbours leave no course free stays empty. Candidates who need an accessible seat
 * are poured first into the accessible seats, the others then into every seat still free. A late change
 * ({@link #reseat}) pours only the candidates of a closed room into the seats still free of the others.
 * Runs in O(n log n) over primitive arrays: a million course enrollments take a few seconds at most.
 */
public final class SeatAllocator {
    /** A room in use: site and room code, seats, accessible seats (the first ones). */
    public record Room(String site, String room, int capacity, int accessibleSeats) {
    }

    /** One course enrollment to seat: the enrollment (one seat per enrollment and session), its course, and whether it needs an accessible seat. */
    public record Candidate(UUID enrollment, String course, boolean accessible) {
    }

    /** Where a candidate sits: the room's index in the rooms given, and the seat number (from 1). */
    public record Place(int room, int seat) {
    }

    private SeatAllocator() {
    }

    /**
     * Seats every candidate.
     *
     * @return the place of each candidate, by its index in {@code candidates}
     * @throws KaowuException SEATS_INSUFFICIENT when the rooms cannot seat them all under the policy
     */
    public static Place[] allocate(List<Room> rooms, List<Candidate> candidates, boolean separateCourses, long seed) {
        int[][] occupied = new int[rooms.size()][];
        for (int r = 0; r < rooms.size(); r++) {
            occupied[r] = new int[rooms.get(r).capacity()];
            Arrays.fill(occupied[r], FREE);
        }
        return pour(rooms, new boolean[rooms.size()], occupied, candidates, separateCourses, seed);
    }

    /**
     * A late change: the room {@code closed} (an index into {@code rooms}) is out of use; the candidates
     * {@code moving} (those seated in it) are seated in the seats that {@code others} (every other
     * candidate, by its place) leave free in the other rooms. Nobody else moves.
     *
     * @return the new place of each moving candidate
     * @throws KaowuException SEATS_INSUFFICIENT when the free seats cannot take them
     */
    public static Place[] reseat(List<Room> rooms, int closed, List<Candidate> others, List<Place> othersPlaces, List<Candidate> moving,
            boolean separateCourses, long seed) {
        int[][] occupied = new int[rooms.size()][];
        for (int r = 0; r < rooms.size(); r++) {
            occupied[r] = new int[rooms.get(r).capacity()];
            Arrays.fill(occupied[r], FREE);
        }
        Map<String, Integer> courseIds = new HashMap<>();
        for (int i = 0; i < others.size(); i++) {
            Place p = othersPlaces.get(i);
            occupied[p.room()][p.seat() - 1] = courseIds.computeIfAbsent(others.get(i).course(), c -> courseIds.size());
        }
        boolean[] unusable = new boolean[rooms.size()];
        unusable[closed] = true;
        // Courses of the seated are numbered first, so the moving take the same numbers for the same courses.
        return pour(rooms, unusable, occupied, moving, separateCourses, seed, courseIds);
    }

    private static final int FREE = -1;

    private static Place[] pour(List<Room> rooms, boolean[] unusable, int[][] occupied, List<Candidate> candidates, boolean separate, long seed) {
        return pour(rooms, unusable, occupied, candidates, separate, seed, new HashMap<>());
    }

    private static Place[] pour(List<Room> rooms, boolean[] unusable, int[][] occupied, List<Candidate> candidates, boolean separate, long seed,
            Map<String, Integer> courseIds) {
        int n = candidates.size();
        int[] course = new int[n];
        long[] key = new long[n];
        for (int i = 0; i < n; i++) {
            Candidate c = candidates.get(i);
            course[i] = courseIds.computeIfAbsent(c.course(), x -> courseIds.size());
            key[i] = mix(seed ^ mix(c.enrollment().getMostSignificantBits()) ^ Long.rotateLeft(mix(c.enrollment().getLeastSignificantBits()), 17));
        }
        int[] roomOf = new int[n];
        int[] seatOf = new int[n];
        Arrays.fill(roomOf, -1);
        List<int[]> accessibleGroups = groups(candidates, course, key, courseIds, true);
        List<int[]> otherGroups = groups(candidates, course, key, courseIds, false);
        int needing = fill(rooms, unusable, occupied, accessibleGroups, course, separate, true, roomOf, seatOf);
        int unseated = needing + fill(rooms, unusable, occupied, otherGroups, course, separate, false, roomOf, seatOf);
        if (unseated > 0) {
            int seats = 0;
            for (int r = 0; r < rooms.size(); r++) {
                seats += unusable[r] ? 0 : rooms.get(r).capacity();
            }
            throw new KaowuException(ErrorCode.SEATS_INSUFFICIENT, unseated + " of " + n + " course enrollments find no seat in " + seats
                    + " seats" + (separate ? " with neighbours sitting different courses" : "") + "; " + needing
                    + " of them need an accessible seat; add rooms or accessible seats");
        }
        Place[] out = new Place[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Place(roomOf[i], seatOf[i] + 1);
        }
        return out;
    }

    /**
     * The candidates (accessible or not) grouped by course: largest course first, then by course code; in a
     * course by the seeded key, then the enrollment id.
     */
    private static List<int[]> groups(List<Candidate> candidates, int[] course, long[] key, Map<String, Integer> courseIds, boolean accessible) {
        String[] names = new String[courseIds.size()];
        courseIds.forEach((name, id) -> names[id] = name);
        int[] counts = new int[names.length];
        for (int i = 0; i < course.length; i++) {
            if (candidates.get(i).accessible() == accessible) {
                counts[course[i]]++;
            }
        }
        int[][] members = new int[names.length][];
        int[] filled = new int[names.length];
        for (int c = 0; c < names.length; c++) {
            members[c] = new int[counts[c]];
        }
        for (int i = 0; i < course.length; i++) {
            if (candidates.get(i).accessible() == accessible) {
                members[course[i]][filled[course[i]]++] = i;
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < names.length; c++) {
            if (counts[c] > 0) {
                order.add(c);
            }
        }
        order.sort(Comparator.<Integer>comparingInt(c -> -counts[c]).thenComparing(c -> names[c]));
        List<int[]> out = new ArrayList<>();
        for (int c : order) {
            out.add(sortByKey(members[c], key, candidates));
        }
        return out;
    }

    /** The members ordered by key (ties, practically never, by enrollment id): a sort of packed (key, position) pairs. */
    private static int[] sortByKey(int[] members, long[] key, List<Candidate> candidates) {
        Integer[] boxed = new Integer[members.length];
        for (int i = 0; i < members.length; i++) {
            boxed[i] = members[i];
        }
        Arrays.sort(boxed, (a, b) -> {
            int k = Long.compare(key[a], key[b]);
            return k != 0 ? k : candidates.get(a).enrollment().compareTo(candidates.get(b).enrollment());
        });
        int[] out = new int[members.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = boxed[i];
        }
        return out;
    }

    /**
     * Pours the groups into the free seats, room by room (only the accessible seats when {@code accessibleOnly}),
     * through lanes: each lane holds one course's candidates; where courses alternate there are two and a seat
     * takes the next candidate of the lane not used last, provided the course differs from both neighbours';
     * else there is one. A lane that runs dry takes the next course.
     *
     * @return how many candidates found no seat
     */
    private static int fill(List<Room> rooms, boolean[] unusable, int[][] occupied, List<int[]> groups, int[] course, boolean separate,
            boolean accessibleOnly, int[] roomOf, int[] seatOf) {
        // Two lanes where courses alternate, one where they need not.
        int lanes = separate ? 2 : 1;
        int[][] lane = new int[2][];
        int[] at = new int[2];
        int nextGroup = 0;
        int last = lanes - 1;
        rooms:
        for (int r = 0; r < rooms.size(); r++) {
            if (unusable[r]) {
                continue;
            }
            int[] seats = occupied[r];
            int end = accessibleOnly ? rooms.get(r).accessibleSeats() : seats.length;
            for (int s = 0; s < end; s++) {
                if (seats[s] != FREE) {
                    continue;
                }
                for (int l = 0; l < lanes; l++) {
                    if ((lane[l] == null || at[l] == lane[l].length) && nextGroup < groups.size()) {
                        lane[l] = groups.get(nextGroup++);
                        at[l] = 0;
                    }
                }
                boolean any = false;
                int chosen = -1;
                for (int k = 0; k < lanes; k++) {
                    int l = k == 0 ? lanes - 1 - last : last;
                    if (lane[l] == null || at[l] == lane[l].length) {
                        continue;
                    }
                    any = true;
                    int c = course[lane[l][at[l]]];
                    if (separate && ((s > 0 && seats[s - 1] == c) || (s + 1 < seats.length && seats[s + 1] == c))) {
                        continue;
                    }
                    chosen = l;
                    break;
                }
                if (!any) {
                    break rooms;
                }
                if (chosen < 0) {
                    continue;
                }
                int who = lane[chosen][at[chosen]++];
                seats[s] = course[who];
                roomOf[who] = r;
                seatOf[who] = s;
                last = chosen;
            }
        }
        int left = 0;
        for (int l = 0; l < 2; l++) {
            if (lane[l] != null) {
                left += lane[l].length - at[l];
            }
        }
        for (int g = nextGroup; g < groups.size(); g++) {
            left += groups.get(g).length;
        }
        return left;
    }

    /** A 64-bit mix (SplitMix64's finaliser): spreads seed and id bits over the whole key. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
