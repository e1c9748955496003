package org.kaowu.service.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's time, offered as a {@link Clock} service so that every deadline goes through one
 * place. Always UTC; regions' rules are evaluated in their own zone through {@link #withZone}.
 * <p>
 * For rehearsals and tests the clock can be moved (PID {@code org.kaowu.clock}, {@code movedTo}): it then
 * runs on from that instant, and every deadline follows at once. A moved clock is logged as a warning.
 */
@Component(service = Clock.class, configurationPid = "org.kaowu.clock")
@Designate(ocd = SystemClock.Config.class)
public final class SystemClock extends Clock {
    private static final Logger LOG = LoggerFactory.getLogger(SystemClock.class);

    @ObjectClassDefinition(name = "Kaowu clock", description = "The platform's time. Leave empty in production.")
    public @interface Config {
        @AttributeDefinition(name = "Moved to", required = false,
                description = "An ISO-8601 instant (e.g. 2019-02-20T04:00:00Z) the clock runs on from, for rehearsals and tests; empty for real time")
        String movedTo() default "";
    }

    private final Clock utc = Clock.systemUTC();
    private volatile Duration offset = Duration.ZERO;

    @Activate
    @Modified
    void configure(Config config) {
        String movedTo = config.movedTo() == null ? "" : config.movedTo().trim();
        if (movedTo.isEmpty()) {
            if (!offset.isZero()) {
                LOG.warn("Platform clock back to real time");
            }
            offset = Duration.ZERO;
            return;
        }
        try {
            offset = Duration.between(utc.instant(), Instant.parse(movedTo));
            LOG.warn("Platform clock moved to {}: every deadline is evaluated at moved time", movedTo);
        } catch (DateTimeParseException e) {
            LOG.error("org.kaowu.clock movedTo '{}' is not an ISO-8601 instant; the clock keeps its time", movedTo);
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        SystemClock source = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return source.withZone(other);
            }

            @Override
            public Instant instant() {
                return source.instant();
            }
        };
    }

    @Override
    public Instant instant() {
        return utc.instant().plus(offset);
    }
}
