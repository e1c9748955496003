package org.kaowu.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** One notice told to a candidate (table candidate_notice): {@code kind} a CandidateNotices.Kind name, {@code detail} at most 500 characters. */
public record CandidateNoticeRecord(UUID id, String region, UUID candidate, String kind, Optional<String> detail, Instant at) {
}
