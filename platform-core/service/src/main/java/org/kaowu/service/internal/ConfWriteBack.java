package org.kaowu.service.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * Writes a Kaowu configuration changed in the web console (or by any Config Admin client) to
 * {@code conf/<pid>.cfg}, so that it survives a restart: conf/ is where the configuration lives. Felix
 * FileInstall writes back the configurations that name the file it read them from
 * ({@value #FILE_INSTALL_NAME}), but the console's form drops that name when it saves, and a configuration
 * created in the console has no file yet: both are written here. FileInstall then reads the file (and names
 * it in the configuration again); a file that already says what the configuration says is not written, so
 * nothing loops.
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

    /**
     * Writes {@code c} to conf/ unless FileInstall keeps it (it names its file in the configuration), or
     * it would put a secret into the file that the file does not hold already. The web console's form
     * drops FileInstall's name when it saves, so a file that exists is rewritten here too: its comments
     * and the order of its lines stay, changed values are replaced, removed ones dropped, new ones added.
     */
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
        Map<String, String> values = new LinkedHashMap<>();
        for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!NOT_WRITTEN.contains(key)) {
                values.put(key, text(props.get(key)));
            }
        }
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.ISO_8859_1) : List.of();
        Map<String, String> before = parse(lines);
        for (Map.Entry<String, String> v : values.entrySet()) {
            if (secret(v.getKey()) && !v.getValue().isEmpty() && !v.getValue().equals(before.get(v.getKey()))) {
                LOG.warn("Configuration {} holds a secret ({}): not written to conf/ in clear; put it in conf/{} yourself to keep it "
                        + "over a restart", c.getPid(), v.getKey(), name.get());
                return;
            }
        }
        if (values.equals(before)) {
            return; // what FileInstall read, or wrote itself
        }
        List<String> out = new ArrayList<>();
        if (lines.isEmpty()) {
            out.add("# Written by Kaowu from a change in the web console (Config Admin PID " + c.getPid() + ")");
        }
        Set<String> done = new HashSet<>();
        boolean continuation = false;
        for (String line : lines) {
            if (continuation) {
                // the rest of an old value: replaced or removed with its first line
                continuation = endsInBackslash(line);
                continue;
            }
            Optional<String> key = key(line);
            if (key.isEmpty()) {
                out.add(line); // comments and blank lines stay
                continue;
            }
            continuation = endsInBackslash(line);
            if (values.containsKey(key.get()) && done.add(key.get())) {
                out.add(line(key.get(), values.get(key.get())));
            }
        }
        values.forEach((k, v) -> {
            if (!done.contains(k)) {
                out.add(line(k, v));
            }
        });
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), ".kaowu-", ".tmp");
        Files.write(temporary, out, StandardCharsets.ISO_8859_1);
        // the temporary name does not end in .cfg, so FileInstall only ever sees the whole file
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("Configuration {} written to conf/{}", c.getPid(), name.get());
    }

    /** The properties of a .cfg file's lines, as FileInstall reads them (escapes, continuations). */
    static Map<String, String> parse(List<String> lines) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(String.join("\n", lines)));
        Map<String, String> result = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> result.put(k, p.getProperty(k)));
        return result;
    }

    /** The key of a property line; empty for a comment or a blank line. */
    static Optional<String> key(String line) throws IOException {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#") || t.startsWith("!")) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new StringReader(line));
        return p.stringPropertyNames().stream().findFirst();
    }

    /** One property line, escaped as a .properties file wants it (non-ASCII as \\uXXXX). */
    static String line(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            p.store(bytes, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1).lines().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
    }

    private static boolean endsInBackslash(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
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
