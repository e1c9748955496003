package org.kaowu.store;

import java.time.Instant;
import java.util.Optional;

/** When a candidate registered or started an enrollment, with the candidate's office and assistance unit (for scopes). */
public record ActivityTime(Instant at, String office, Optional<String> assistanceUnit) {
}
