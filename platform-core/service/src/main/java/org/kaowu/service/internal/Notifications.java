package org.kaowu.service.internal;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.spi.NotificationChannel;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends through the highest-ranked {@link NotificationChannel} of the kind needed (EMAIL or SMS). */
@Component(service = Notifications.class)
public final class Notifications {
    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

    private final PluginChoice<NotificationChannel> channels;

    @org.osgi.service.component.annotations.Activate
    public Notifications(@Reference Simulators simulators) {
        channels = new PluginChoice<>(NotificationChannel.KIND, false, simulators::allowed);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindChannel(NotificationChannel channel, Map<String, Object> props) {
        channels.bind(channel, props);
    }

    void unbindChannel(NotificationChannel channel) {
        channels.unbind(channel);
    }

    /** @throws KaowuException NOT_OFFERED when no channel of that kind is installed, UPSTREAM_UNAVAILABLE when sending failed */
    void send(String kind, NotificationChannel.Message message) {
        Optional<NotificationChannel> best = channels.forKey(kind);
        if (best.isEmpty()) {
            throw new KaowuException(ErrorCode.NOT_OFFERED, "No " + kind + " channel is installed on this platform");
        }
        try {
            best.get().send(message);
        } catch (UncheckedIOException | IllegalStateException e) {
            LOG.warn("Sending {} by {} failed: {}", message, kind, e.getMessage());
            throw new KaowuException(ErrorCode.UPSTREAM_UNAVAILABLE, null, "The message could not be sent; try again", java.time.Duration.ofSeconds(30));
        }
    }
}
