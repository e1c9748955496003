package org.kaowu.plugins.smtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.kaowu.spi.NotificationChannel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-mail over SMTP with Jakarta Mail (Eclipse Angus). Active only when configured (PID
 * {@code org.kaowu.plugins.smtp}: host, port, from, optionally username, password and STARTTLS); it then
 * outranks the development outbox. Each message is sent in UTF-8 plain text; a failure to hand it to the
 * server is reported to the caller, who tells the candidate to try again.
 */
@Component(service = NotificationChannel.class, configurationPid = "org.kaowu.plugins.smtp", configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {NotificationChannel.KIND + "=EMAIL", "service.ranking:Integer=10"})
@Designate(ocd = SmtpChannel.Config.class)
public final class SmtpChannel implements NotificationChannel {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpChannel.class);

    @ObjectClassDefinition(name = "Kaowu SMTP e-mail")
    public @interface Config {
        @AttributeDefinition(name = "SMTP host")
        String host();

        @AttributeDefinition(name = "SMTP port")
        int port() default 587;

        @AttributeDefinition(name = "Sender address", description = "e.g. noreply@zikao.example.gov.cn")
        String from();

        @AttributeDefinition(name = "Username", required = false)
        String username() default "";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
        String password() default "";

        @AttributeDefinition(name = "Require STARTTLS")
        boolean starttls() default true;

        @AttributeDefinition(name = "Timeout (ms)")
        int timeoutMillis() default 10000;
    }

    private final Session session;
    private final InternetAddress from;

    @Activate
    public SmtpChannel(Config config) {
        Properties p = new Properties();
        p.put("mail.smtp.host", config.host());
        p.put("mail.smtp.port", Integer.toString(config.port()));
        p.put("mail.smtp.starttls.enable", Boolean.toString(config.starttls()));
        p.put("mail.smtp.starttls.required", Boolean.toString(config.starttls()));
        p.put("mail.smtp.connectiontimeout", Integer.toString(config.timeoutMillis()));
        p.put("mail.smtp.timeout", Integer.toString(config.timeoutMillis()));
        p.put("mail.smtp.writetimeout", Integer.toString(config.timeoutMillis()));
        boolean auth = !config.username().isBlank();
        p.put("mail.smtp.auth", Boolean.toString(auth));
        Authenticator authenticator = auth ? new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(config.username(), config.password());
            }
        } : null;
        this.session = inBundle(() -> Session.getInstance(p, authenticator));
        try {
            this.from = new InternetAddress(config.from(), true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("org.kaowu.plugins.smtp from '" + config.from() + "' is not an e-mail address", e);
        }
        LOG.info("SMTP e-mail channel to {}:{}", config.host(), config.port());
    }

    @Override
    public void send(NotificationChannel.Message m) {
        inBundle(() -> {
            try {
                MimeMessage message = new MimeMessage(session);
                message.setFrom(from);
                message.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(m.to(), true));
                message.setSubject(m.subject(), StandardCharsets.UTF_8.name());
                message.setText(m.body(), StandardCharsets.UTF_8.name());
                message.setSentDate(new Date());
                Transport.send(message);
                LOG.info("E-mail for region {} handed to the SMTP server", m.region());
                return null;
            } catch (MessagingException e) {
                throw new UncheckedIOException(new IOException("SMTP: " + e.getMessage(), e));
            }
        });
    }

    /** Runs with this bundle as context class loader: Jakarta Mail and Activation look up their providers through it. */
    private static <T> T inBundle(java.util.function.Supplier<T> work) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(SmtpChannel.class.getClassLoader());
        try {
            return work.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
