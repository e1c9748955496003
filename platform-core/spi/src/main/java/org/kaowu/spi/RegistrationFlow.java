package org.kaowu.spi;

import org.kaowu.api.rules.Flow;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A region's registration flow: the ordered steps for new and for returning candidates, the fields each
 * step requires, the step after which the ticket number is issued, and the login identifiers. The core
 * reads it whenever it registers or advances a candidate, and shows it in the region's description.
 */
@ConsumerType
public interface RegistrationFlow {
    Flow flow();
}
