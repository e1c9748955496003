package org.kaowu.api;

/** A course chosen for one of the enrollment's majors. */
public record CourseChoice(String major, String course) {
}
