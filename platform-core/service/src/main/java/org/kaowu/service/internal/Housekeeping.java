package org.kaowu.service.internal;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.kaowu.store.AccountStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what security no longer needs, on real time: logged-out session ids past their expiry, attempt
 * counters idle for a day and not locked, recoveries and binding codes a day past their expiry. Several
 * nodes may run it at once: each deletion is one idempotent statement.
 */
@Component(immediate = true, configurationPid = "org.kaowu.housekeeping")
@Designate(ocd = Housekeeping.Config.class)
public final class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    @ObjectClassDefinition(name = "Kaowu housekeeping")
    public @interface Config {
        @AttributeDefinition(name = "Purge every (minutes)", min = "1")
        int everyMinutes() default 60;
    }

    private final ScheduledExecutorService timer;

    @Activate
    public Housekeeping(Config config, @Reference AccountStore accounts) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kaowu-housekeeping");
            t.setDaemon(true);
            return t;
        });
        Clock realTime = Clock.systemUTC();
        timer.scheduleWithFixedDelay(() -> {
            try {
                int purged = accounts.purgeExpired(realTime.instant());
                if (purged > 0) {
                    LOG.info("Housekeeping purged {} expired session, throttle and recovery rows", purged);
                }
            } catch (RuntimeException e) {
                LOG.warn("Housekeeping failed; it runs again in {} min", config.everyMinutes(), e);
            }
        }, 1, config.everyMinutes(), TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
