package org.kaowu.spi;

import org.kaowu.api.rules.Fees;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a region charges. Read when enrollment fees are computed and shown; a policy plugin may register
 * a higher-ranked FeeSchedule for a region to replace the region's own while it is installed.
 */
@ConsumerType
public interface FeeSchedule {
    Fees fees();
}
