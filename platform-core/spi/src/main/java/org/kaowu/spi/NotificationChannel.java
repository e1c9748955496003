package org.kaowu.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Delivers messages to candidates (recovery links, verification codes), supplied by a plugin: an SMTP
 * channel, an SMS gateway, or the development outbox. Registered with the service property
 * {@value #KIND} ("EMAIL" or "SMS"); the core picks the highest-ranked channel of the kind it needs. The
 * core calls it after the database transaction that created the secret has committed.
 */
@ConsumerType
public interface NotificationChannel {
    /** Service property naming what the channel delivers: EMAIL or SMS. */
    String KIND = "kaowu.channel";

    /**
     * @throws java.io.UncheckedIOException when the message could not be handed over (the caller reports
     *         UPSTREAM_UNAVAILABLE and the candidate may ask again)
     */
    void send(Message message);

    /** {@code to} is an e-mail address or a mobile number; the texts are in the candidate's language. */
    record Message(String region, String to, String subject, String body) {
        @Override
        public String toString() {
            return "Message[region=" + region + ", subject=" + subject + "]";
        }
    }
}
