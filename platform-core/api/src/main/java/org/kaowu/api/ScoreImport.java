package org.kaowu.api;

import java.util.List;

/** An applied score import: the scores stored, the courses of the sitting they are for, and how many earlier ones they replaced. */
public record ScoreImport(String sitting, int imported, List<String> courses, int replaced) {
    public ScoreImport {
        courses = List.copyOf(courses);
    }
}
