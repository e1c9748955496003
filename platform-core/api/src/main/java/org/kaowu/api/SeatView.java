package org.kaowu.api;

import java.time.LocalDate;
import java.time.LocalTime;

/** One seat of a candidate: the course, its session's date and time, the exam site, room and seat number. */
public record SeatView(String course, String session, LocalDate date, LocalTime starts, LocalTime ends, String site, String siteName, String room,
        int seat) {
}
