package org.kaowu.api;

/**
 * A candidate's result in one course at one sitting, as published; {@code corrected} when a re-check
 * (成绩复查) changed it.
 */
public record SittingScore(String sitting, String course, Score score, boolean corrected) {
}
