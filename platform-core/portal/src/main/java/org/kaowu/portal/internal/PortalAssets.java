package org.kaowu.portal.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The portal's static files, each published under a name that carries a hash of its content
 * ({@code app.3f9c0a1b2d.js}), so a browser may keep it for a year: a changed file is a new name. Imports
 * between the ES modules are rewritten to the hashed names (a module's hash covers its imports' hashes), so
 * one changed module renames everything that imports it. Each file is kept gzip-compressed too. The
 * language bundles ({@code messages/<lang>.json}) are assets as well; the languages are the bundles found.
 */
final class PortalAssets {
    /** One published file: its public name, type, bytes and gzip bytes. */
    record Asset(String name, String contentType, byte[] bytes, byte[] gzip, String etag) {
    }

    private static final Pattern IMPORT = Pattern.compile("(from\\s+|import\\s*\\(\\s*|import\\s+)\"\\./([A-Za-z0-9_-]+\\.js)\"");

    private final Map<String, Asset> byPublicName = new LinkedHashMap<>();
    private final Map<String, String> publicNameOf = new TreeMap<>();
    private final Map<String, String> languageBundles = new TreeMap<>();
    private final String shell;
    private final String base;

    /**
     * @param sources every file under the portal folder, by path relative to it ({@code app.js},
     *        {@code messages/en.json}, {@code shell.html})
     */
    PortalAssets(Map<String, byte[]> sources) {
        this(sources, "/assets/");
    }

    /** The same, published under another path ({@code /office/assets/}: the office desk's files). */
    PortalAssets(Map<String, byte[]> sources, String base) {
        this.base = base;
        Map<String, byte[]> pending = new TreeMap<>(sources);
        byte[] shellBytes = pending.remove("shell.html");
        if (shellBytes == null) {
            throw new IllegalStateException("portal/shell.html missing");
        }
        this.shell = new String(shellBytes, StandardCharsets.UTF_8);
        for (String path : List.copyOf(pending.keySet())) {
            publish(path, pending);
        }
        for (Map.Entry<String, String> e : publicNameOf.entrySet()) {
            Matcher m = Pattern.compile("messages/([A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?)\\.json").matcher(e.getKey());
            if (m.matches()) {
                languageBundles.put(m.group(1), base + e.getValue());
            }
        }
    }

    private String publish(String path, Map<String, byte[]> sources) {
        String done = publicNameOf.get(path);
        if (done != null) {
            return done;
        }
        byte[] bytes = sources.get(path);
        if (bytes == null) {
            throw new IllegalStateException("portal/" + path + " is imported but missing");
        }
        if (path.endsWith(".js")) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            Matcher m = IMPORT.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String dependency = publish(m.group(2), sources);
                m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "\"./" + dependency + "\""));
            }
            m.appendTail(out);
            bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        }
        String hash = sha256(bytes).substring(0, 12);
        String flat = path.replace('/', '-');
        int dot = flat.lastIndexOf('.');
        String name = flat.substring(0, dot) + "." + hash + flat.substring(dot);
        byPublicName.put(name, new Asset(name, contentType(path), bytes, gzip(bytes), "\"" + hash + "\""));
        publicNameOf.put(path, name);
        return name;
    }

    /** The asset published as {@code name} (without {@code /assets/}). */
    Optional<Asset> asset(String name) {
        return Optional.ofNullable(byPublicName.get(name));
    }

    /** The public path ({@code /assets/app.<hash>.js}, under this set's base) of a source file. */
    String url(String path) {
        String name = publicNameOf.get(path);
        if (name == null) {
            throw new IllegalArgumentException("no portal asset " + path);
        }
        return base + name;
    }

    /** Language tag to the public path of its core message bundle. */
    Map<String, String> languageBundles() {
        return languageBundles;
    }

    String shellTemplate() {
        return shell;
    }

    static String contentType(String path) {
        String p = path.toLowerCase(java.util.Locale.ROOT);
        if (p.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (p.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (p.endsWith(".json")) {
            return "application/json; charset=utf-8";
        } else if (p.endsWith(".svg")) {
            return "image/svg+xml";
        } else if (p.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        return "application/octet-stream";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] gzip(byte[] bytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
            try (GZIPOutputStream z = new GZIPOutputStream(out) {
                {
                    def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
                }
            }) {
                z.write(bytes);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
