package org.kaowu.spi;

import java.util.List;

import org.kaowu.api.rules.ConfirmationMethod;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The identity-confirmation methods a region offers (on site with photo capture, online with ID card
 * image and face check, by assistance unit) and what each requires. Read by the core when a candidate or
 * an office confirms an identity; a method not listed is refused.
 */
@ConsumerType
public interface IdentityConfirmation {
    /** The methods in the region's order of preference. */
    List<ConfirmationMethod> methods();
}
