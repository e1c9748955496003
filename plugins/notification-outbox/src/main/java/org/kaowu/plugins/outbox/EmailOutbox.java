package org.kaowu.plugins.outbox;

import org.kaowu.spi.NotificationChannel;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The development outbox for e-mail. */
@Component(service = NotificationChannel.class, property = {NotificationChannel.KIND + "=EMAIL", "service.ranking:Integer=-100",
        org.kaowu.spi.ProviderProperties.SIMULATED + "=true"})
public final class EmailOutbox extends Outbox {
    @Activate
    public EmailOutbox(BundleContext context) {
        super("EMAIL", context);
    }
}
