package org.kaowu.api;

import java.util.Optional;
import java.util.UUID;

/**
 * The public outcome of a registration: the candidate's id, status and ticket number (准考证号) if one
 * has been issued yet.
 */
public record RegisteredCandidate(UUID id, String region, RegistrationStatus status, Optional<String> ticketNumber) {
}
