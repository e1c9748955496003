package org.kaowu.store;

import java.util.Optional;
import java.util.Set;

/**
 * A staff search inside a scope: {@code offices} limits to candidates registered at those offices (empty:
 * the whole region), {@code assistanceUnit} to one unit's candidates; {@code text} matches a name, an ID
 * number or a ticket number exactly.
 */
public record CandidateQuery(Optional<Set<String>> offices, Optional<String> assistanceUnit, Optional<String> text, int limit) {
}
