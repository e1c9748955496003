package org.kaowu.plugins.outbox;

import org.kaowu.spi.NotificationChannel;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The development outbox for SMS. */
@Component(service = NotificationChannel.class, property = {NotificationChannel.KIND + "=SMS", "service.ranking:Integer=-100",
        org.kaowu.spi.ProviderProperties.SIMULATED + "=true"})
public final class SmsOutbox extends Outbox {
    @Activate
    public SmsOutbox(BundleContext context) {
        super("SMS", context);
    }
}
