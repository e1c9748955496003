package org.kaowu.service.internal;

import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.spi.NotificationChannel;
import org.osgi.framework.Constants;
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

    private record Channel(NotificationChannel channel, String kind, int ranking, long id) {
    }

    private final Map<NotificationChannel, Channel> channels = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindChannel(NotificationChannel channel, Map<String, Object> props) {
        Object ranking = props.get(Constants.SERVICE_RANKING);
        channels.put(channel, new Channel(channel, String.valueOf(props.get(NotificationChannel.KIND)),
                ranking instanceof Integer i ? i : 0, (Long) props.get(Constants.SERVICE_ID)));
    }

    void unbindChannel(NotificationChannel channel) {
        channels.remove(channel);
    }

    /** @throws KaowuException NOT_OFFERED when no channel of that kind is installed, UPSTREAM_UNAVAILABLE when sending failed */
    void send(String kind, NotificationChannel.Message message) {
        Optional<Channel> best = channels.values().stream().filter(c -> c.kind().equals(kind))
                .max(Comparator.comparingInt(Channel::ranking).thenComparing(Comparator.comparingLong(Channel::id).reversed()));
        if (best.isEmpty()) {
            throw new KaowuException(ErrorCode.NOT_OFFERED, "No " + kind + " channel is installed on this platform");
        }
        try {
            best.get().channel().send(message);
        } catch (UncheckedIOException | IllegalStateException e) {
            LOG.warn("Sending {} by {} failed: {}", message, kind, e.getMessage());
            throw new KaowuException(ErrorCode.UPSTREAM_UNAVAILABLE, null, "The message could not be sent; try again", java.time.Duration.ofSeconds(30));
        }
    }
}
