package org.kaowu.service.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a Kaowu configuration made in the web console (or by any Config Admin client) to
 * {@code conf/<pid>.cfg}, so that it survives a restart: conf/ is where the configuration lives. Felix
 * FileInstall already writes back the configurations it read from a file (they carry
 * {@value #FILE_INSTALL_NAME}); this covers those that have no file yet. Once the file exists FileInstall
 * takes it over (and names it in the configuration), so a configuration is written here at most once and
 * never in a loop.
 * <p>
 * A configuration that holds a secret (a property named like a password, secret, key or token) is not
 * written: it stays in Config Admin's own store until the operator puts it in conf/ himself, since writing
 * it would put the secret in clear into a file that did not hold it.
 */
@Component(service = ConfigurationListener.class)
public final class ConfWriteBack implements ConfigurationListener {
    private static final Logger LOG = LoggerFactory.getLogger(ConfWriteBack.class);
    static final String FILE_INSTALL_NAME = "felix.fileinstall.filename";
    private static final String KAOWU = "org.kaowu.";
    private static final Set<String> NOT_WRITTEN = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION, FILE_INSTALL_NAME);
    private static final List<String> SECRET_WORDS = List.of("password", "secret", "key", "token");

    private final ConfigurationAdmin admin;
    private final Optional<Path> conf;

    @Activate
    public ConfWriteBack(@Reference ConfigurationAdmin admin, BundleContext context) {
        this.admin = admin;
        String home = context.getProperty("kaowu.home");
        this.conf = home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home, "conf"));
    }

    ConfWriteBack(ConfigurationAdmin admin, Path conf) {
        this.admin = admin;
        this.conf = Optional.of(conf);
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() != ConfigurationEvent.CM_UPDATED || conf.isEmpty() || !event.getPid().startsWith(KAOWU)) {
            return;
        }
        try {
            Configuration[] found = admin.listConfigurations("(" + Constants.SERVICE_PID + "=" + event.getPid() + ")");
            if (found != null && found.length == 1) {
                write(found[0]);
            }
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.warn("Configuration {} could not be written to conf/: {}", event.getPid(), e.toString());
        }
    }

    /** Writes {@code c} to conf/ unless FileInstall already keeps it in a file, or it holds a secret. */
    void write(Configuration c) throws IOException {
        Dictionary<String, Object> props = c.getProperties();
        if (props == null || props.get(FILE_INSTALL_NAME) != null) {
            return;
        }
        Optional<String> name = fileName(c.getPid(), c.getFactoryPid());
        if (name.isEmpty()) {
            return;
        }
        Path file = conf.get().resolve(name.get());
        if (Files.exists(file)) {
            return; // FileInstall reads it and takes the configuration over
        }
        Properties out = new Properties();
        for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (NOT_WRITTEN.contains(key)) {
                continue;
            }
            String value = text(props.get(key));
            if (secret(key) && !value.isEmpty()) {
                LOG.warn("Configuration {} holds a secret ({}): not written to conf/ in clear; put it in conf/{} yourself to keep it "
                        + "over a restart", c.getPid(), key, name.get());
                return;
            }
            out.setProperty(key, value);
        }
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), ".kaowu-", ".tmp");
        try (OutputStream o = Files.newOutputStream(temporary)) {
            out.store(o, " Written by Kaowu from a change in the web console (Config Admin PID " + c.getPid() + ")");
        }
        // the temporary name does not end in .cfg, so FileInstall only ever sees the whole file
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("Configuration {} written to conf/{}", c.getPid(), name.get());
    }

    /** FileInstall's names: {@code <pid>.cfg}, {@code <factoryPid>-<name>.cfg} for a named factory configuration. */
    static Optional<String> fileName(String pid, String factoryPid) {
        if (factoryPid == null) {
            return Optional.of(pid + ".cfg");
        }
        int tilde = pid.indexOf('~');
        return tilde < 0 ? Optional.empty() : Optional.of(factoryPid + "-" + pid.substring(tilde + 1) + ".cfg");
    }

    static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(k::contains);
    }

    /** A .cfg file has no arrays: several values are written separated by commas, as Kaowu reads them. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value.getClass().isArray()) {
            StringJoiner j = new StringJoiner(",");
            for (int i = 0; i < Array.getLength(value); i++) {
                j.add(String.valueOf(Array.get(value, i)));
            }
            return j.toString();
        }
        if (value instanceof Collection<?> c) {
            StringJoiner j = new StringJoiner(",");
            c.forEach(o -> j.add(String.valueOf(o)));
            return j.toString();
        }
        return String.valueOf(value);
    }
}
