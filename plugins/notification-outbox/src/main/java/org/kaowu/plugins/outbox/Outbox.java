package org.kaowu.plugins.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

import org.kaowu.spi.NotificationChannel;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes messages to {@code data/outbox/} (one file per message: kind, to, subject, a blank line, the
 * body) instead of sending them: for development, demonstrations and tests, which read the files.
 * The log names the file, never the content. A real channel (SMTP, an SMS gateway) outranks it.
 */
abstract class Outbox implements NotificationChannel {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final String kind;
    private final Path folder;

    Outbox(String kind, BundleContext context) {
        this.kind = kind;
        String data = context.getProperty("kaowu.data");
        this.folder = Path.of(data == null ? "data" : data, "outbox");
    }

    @Override
    public void send(Message m) {
        try {
            Files.createDirectories(folder);
            String name = System.currentTimeMillis() + "-" + kind.toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID() + ".txt";
            Path tmp = Files.createTempFile(folder, "msg", ".tmp");
            Files.writeString(tmp, "Kind: " + kind + "\nRegion: " + m.region() + "\nTo: " + m.to() + "\nSubject: " + m.subject() + "\n\n" + m.body(),
                    StandardCharsets.UTF_8);
            Files.move(tmp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            LOG.info("{} message for region {} written to outbox/{}", kind, m.region(), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
