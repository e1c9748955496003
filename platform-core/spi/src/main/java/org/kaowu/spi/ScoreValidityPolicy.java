package org.kaowu.spi;

import org.kaowu.api.rules.ScoreValidity;
import org.osgi.annotation.versioning.ConsumerType;

/** How long a passed score counts in the region (a provincial policy); read when progress is assessed. */
@ConsumerType
public interface ScoreValidityPolicy {
    ScoreValidity validity();
}
