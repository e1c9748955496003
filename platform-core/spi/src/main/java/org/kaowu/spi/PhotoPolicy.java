package org.kaowu.spi;

import org.kaowu.api.rules.PhotoRequirements;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a registration photo must be. The core checks uploads against it on the decoded image, never on
 * the file name or Content-Type.
 */
@ConsumerType
public interface PhotoPolicy {
    PhotoRequirements requirements();
}
