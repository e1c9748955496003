package org.kaowu.spi;

import org.kaowu.api.rules.Recovery;
import org.osgi.annotation.versioning.ConsumerType;

/** Which channels a region offers for a forgotten password, and what identifies the candidate first. */
@ConsumerType
public interface PasswordRecovery {
    Recovery recovery();
}
