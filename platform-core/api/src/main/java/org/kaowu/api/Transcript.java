package org.kaowu.api;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Everything a candidate has been scored in, as published: every attempt per course, the best one (the
 * one that counts, also after a passed course was retaken), how long a pass counts by the region's
 * ScoreValidityPolicy, and for each major the candidate enrolled in the courses still missing.
 */
public record Transcript(List<CourseResult> courses, List<MajorProgress> majors, LocalizedText validityNote) {
    public Transcript {
        courses = List.copyOf(courses);
        majors = List.copyOf(majors);
    }

    /**
     * One course: its attempts (oldest first), the best, and for a passed course the day it was passed
     * (the publication of the sitting of the best pass) and the last day it counts (empty: never expires).
     */
    public record CourseResult(String course, LocalizedText names, List<SittingScore> attempts, SittingScore best, Optional<LocalDate> passedOn,
            Optional<LocalDate> validUntil) {
        public CourseResult {
            attempts = List.copyOf(attempts);
        }
    }

    /** A major's courses that have no counting pass yet. */
    public record MajorProgress(String major, LocalizedText names, List<String> missing) {
        public MajorProgress {
            missing = List.copyOf(missing);
        }
    }
}
