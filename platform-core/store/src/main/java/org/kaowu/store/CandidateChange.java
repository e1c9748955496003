package org.kaowu.store;

import java.util.Optional;

/** What a {@link CandidateStore#update} writes: the candidate's new state and, optionally, a new photo. */
public record CandidateChange(StoredCandidate next, Optional<Photo> photo) {
    public static CandidateChange of(StoredCandidate next) {
        return new CandidateChange(next, Optional.empty());
    }
}
