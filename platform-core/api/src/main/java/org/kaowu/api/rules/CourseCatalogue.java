package org.kaowu.api.rules;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A region's majors, courses and host universities. {@code sample} marks a catalogue that is an excerpt
 * for demonstration and tests, not the authority's full list.
 */
public record CourseCatalogue(boolean sample, List<HostUniversity> hostUniversities, List<Course> courses, List<Major> majors) {
    public CourseCatalogue {
        hostUniversities = Check.list(hostUniversities, "hostUniversities");
        courses = Check.list(courses, "courses");
        majors = Check.list(majors, "majors");
        Check.unique(hostUniversities, HostUniversity::code, "host university");
        Check.unique(courses, Course::code, "course");
        Check.unique(majors, Major::code, "major");
        Set<String> universities = hostUniversities.stream().map(HostUniversity::code).collect(Collectors.toSet());
        Set<String> courseCodes = courses.stream().map(Course::code).collect(Collectors.toSet());
        for (Major m : majors) {
            if (!universities.contains(m.hostUniversity())) {
                throw new IllegalArgumentException("major " + m.code() + " names host university " + m.hostUniversity() + ", which is not listed");
            }
            for (String c : m.courses()) {
                if (!courseCodes.contains(c)) {
                    throw new IllegalArgumentException("major " + m.code() + " names course " + c + ", which is not listed");
                }
            }
        }
    }
}
