package org.kaowu.service.internal;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.kaowu.api.KaowuException;
import org.kaowu.api.PasswordHashing;
import org.kaowu.api.StaffRole;
import org.kaowu.store.AccountStore;
import org.kaowu.store.StoredStaff;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first platform administrator from PID {@code org.kaowu.staff} ({@code adminUsername},
 * {@code adminPassword}) if no account of that name exists; it then creates the other staff accounts
 * through the API. The password is stored only as a bcrypt hash; once created, the line can be removed.
 */
@Component(configurationPid = "org.kaowu.staff", configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = StaffBootstrap.Config.class)
public final class StaffBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(StaffBootstrap.class);

    @ObjectClassDefinition(name = "Kaowu first administrator")
    public @interface Config {
        @AttributeDefinition(name = "Administrator username")
        String adminUsername() default "platform-admin";

        @AttributeDefinition(name = "Administrator password", type = AttributeType.PASSWORD, required = false)
        String adminPassword() default "";
    }

    @Activate
    public StaffBootstrap(Config config, @Reference AccountStore accounts, @Reference PasswordHashing passwords, @Reference Clock clock) {
        if (config.adminPassword().isBlank() || accounts.findStaff(config.adminUsername()).isPresent()) {
            return;
        }
        try {
            RegistrationRules.password(config.adminPassword().toCharArray());
            accounts.createStaff(new StoredStaff(UUID.randomUUID(), config.adminUsername(), passwords.hash(config.adminPassword().toCharArray()),
                    StaffRole.PLATFORM_ADMIN, Optional.empty(), Optional.empty(), clock.instant()));
            LOG.info("Created the platform administrator {}", config.adminUsername());
        } catch (KaowuException e) {
            LOG.error("Cannot create the platform administrator {}: {}", config.adminUsername(), e.getMessage());
        }
    }
}
