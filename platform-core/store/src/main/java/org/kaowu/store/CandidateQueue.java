package org.kaowu.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One page of an office's work queue inside a scope ({@code offices}: candidates registered at those
 * offices, empty for the whole region; {@code assistanceUnit}: one unit's candidates): the candidates whose
 * next step is one of {@code nextSteps} (registrations to review, identities to confirm), or whose proof of
 * prior education is {@code priorEducationStatus}, or who have a merge of ticket numbers not undone
 * ({@code openMerges}). {@code office} and {@code text} (a name, an ID number or a ticket number, exactly)
 * narrow it further. Oldest first: the candidate who waited longest comes first.
 */
public record CandidateQueue(Optional<Set<String>> offices, Optional<String> assistanceUnit, Optional<Set<String>> nextSteps,
        Optional<String> priorEducationStatus, boolean openMerges, Optional<String> office, Optional<String> text, int offset, int limit) {

    /** A page of the queue and how many candidates the whole queue holds. */
    public record Page(List<StoredCandidate> candidates, long total) {
        public Page {
            candidates = List.copyOf(candidates);
        }
    }
}
