package org.kaowu.service.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.osgi.service.component.annotations.Component;

/**
 * The platform's time, offered as a {@link Clock} service so that every deadline goes through one
 * place and tests can move time by registering a higher-ranked Clock. Always UTC; regions convert to
 * their own time zone.
 */
@Component(service = Clock.class)
public final class SystemClock extends Clock {
    private final Clock utc = Clock.systemUTC();

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return utc.withZone(zone);
    }

    @Override
    public Instant instant() {
        return utc.instant();
    }
}
