package org.kaowu.spi;

import org.kaowu.api.rules.CourseCatalogue;
import org.osgi.annotation.versioning.ConsumerType;

/** A region's majors (with level), courses (code, credits, kind) and host universities. */
@ConsumerType
public interface Catalogue {
    CourseCatalogue catalogue();
}
