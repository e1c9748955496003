package org.kaowu.api;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.kaowu.api.rules.Recovery;

/**
 * A password recovery under way: by security question (the question is returned), or with a secret sent
 * to the candidate's e-mail address or mobile on file. For a link or code the same answer is given when
 * nobody matched, so that it reveals nothing; such a recovery can never be completed.
 */
public record RecoveryStarted(UUID id, Recovery.Channel channel, Optional<String> securityQuestion, Instant expiresAt) {
}
