package org.kaowu.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ArrivalLineTest {
    private static final long LONG = TimeUnit.SECONDS.toNanos(10);

    private static Thread waiter(ArrivalLine line, long ticket, List<Long> served) {
        Thread t = new Thread(() -> {
            try {
                if (line.enter(ticket, LONG)) {
                    served.add(ticket);
                    line.leave(1_000_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        return t;
    }

    private static void awaitPosition(ArrivalLine line, long ticket, int position) throws InterruptedException {
        long end = System.nanoTime() + LONG;
        while (line.position(ticket) != position && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(line.position(ticket)).isEqualTo(position);
    }

    private static void awaitPresent(ArrivalLine line, int present) throws InterruptedException {
        long end = System.nanoTime() + LONG;
        while (line.present() != present && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(line.present()).isEqualTo(present);
    }

    @Test
    void arrivalsAreServedInTheOrderOfTheirTicketsNotOfTheirRequests() throws Exception {
        ArrivalLine line = new ArrivalLine(1, 100);
        long first = line.newTicket();
        long second = line.newTicket();
        long third = line.newTicket();
        assertThat(line.enter(first, LONG)).isTrue();
        List<Long> served = new CopyOnWriteArrayList<>();
        // the third asks before the second
        Thread c = waiter(line, third, served);
        awaitPresent(line, 1);
        Thread b = waiter(line, second, served);
        awaitPosition(line, third, 2);
        line.leave(1_000_000);
        b.join(LONG / 1_000_000);
        c.join(LONG / 1_000_000);
        assertThat(served).containsExactly(second, third);
    }

    @Test
    void oneWhoseWaitRanOutKeepsItsPlaceAndComesBackAheadOfLaterArrivals() throws Exception {
        ArrivalLine line = new ArrivalLine(1, 100);
        long busy = line.newTicket();
        assertThat(line.enter(busy, LONG)).isTrue();
        long early = line.newTicket();
        assertThat(line.enter(early, TimeUnit.MILLISECONDS.toNanos(20))).isFalse();
        assertThat(line.position(early)).isEqualTo(1);
        assertThat(line.retryAfterSeconds(early)).isPositive();
        long late = line.newTicket();
        List<Long> served = new CopyOnWriteArrayList<>();
        Thread l = waiter(line, late, served);
        awaitPresent(line, 1);
        assertThat(line.position(late)).isEqualTo(2); // behind the one away
        Thread e = waiter(line, early, served); // back with its ticket
        awaitPresent(line, 2);
        line.leave(1_000_000);
        e.join(LONG / 1_000_000);
        l.join(LONG / 1_000_000);
        assertThat(served).containsExactly(early, late);
    }

    @Test
    void whenTooManyWaitTheNextIsToldItsPlaceAtOnce() throws Exception {
        ArrivalLine line = new ArrivalLine(1, 1);
        assertThat(line.enter(line.newTicket(), LONG)).isTrue();
        long waiting = line.newTicket();
        List<Long> served = new CopyOnWriteArrayList<>();
        Thread w = waiter(line, waiting, served);
        awaitPresent(line, 1);
        long third = line.newTicket();
        long t0 = System.nanoTime();
        assertThat(line.enter(third, LONG)).isFalse();
        assertThat(System.nanoTime() - t0).isLessThan(LONG / 2);
        assertThat(line.position(third)).isEqualTo(2);
        line.leave(1_000_000);
        w.join(LONG / 1_000_000);
        assertThat(served).containsExactly(waiting);
    }

    @Test
    void aTicketIsKeptOnlyWithItsSignature() {
        WaitingRoom room = new WaitingRoom(new WaitingRoom.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return WaitingRoom.Config.class;
            }

            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public int concurrentArrivals() {
                return 1;
            }

            @Override
            public long maxWaitMillis() {
                return 10;
            }

            @Override
            public int maxWaiting() {
                return 10;
            }
        });
        long mine = room.ticket(null);
        long next = room.ticket(null);
        assertThat(next).isGreaterThan(mine);
        assertThat(room.ticket(room.sign(mine))).isEqualTo(mine);
        // a forged signature, an unsigned number, a number never issued: each a new arrival at the end of the line
        assertThat(room.ticket(mine + ".000000000000000000000000")).isGreaterThan(next);
        assertThat(room.ticket(String.valueOf(mine))).isGreaterThan(next);
        assertThat(room.ticket(room.sign(1_000_000))).isGreaterThan(next);
    }
}
