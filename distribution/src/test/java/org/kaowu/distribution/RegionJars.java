package org.kaowu.distribution;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Region bundles derived from a shipped one, as an authority's own build would produce them. */
final class RegionJars {
    private RegionJars() {
    }

    /**
     * A copy of {@code jar} that is region {@code code} in bundle {@code bsn} 1.0.0, with {@code edits}
     * applied to the named entries (e.g. "kaowu-region/calendar.json").
     */
    static byte[] derive(byte[] jar, String code, String bsn, Map<String, UnaryOperator<String>> edits) throws IOException {
        return derive(jar, code, bsn, "1.0.0", edits);
    }

    /** Like {@link #derive(byte[], String, String, Map)}, as Bundle-Version {@code version}. */
    static byte[] derive(byte[] jar, String code, String bsn, String version, Map<String, UnaryOperator<String>> edits) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            String oldCode = manifest.getMainAttributes().getValue("Kaowu-Region");
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-SymbolicName"), bsn);
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            manifest.getMainAttributes().put(new Attributes.Name("Kaowu-Region"), code);
            try (JarOutputStream o = new JarOutputStream(out, manifest)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    o.putNextEntry(new JarEntry(e.getName()));
                    byte[] bytes = in.readAllBytes();
                    String name = e.getName();
                    if (name.equals("kaowu-region/region.json") || edits.containsKey(name)) {
                        String text = new String(bytes, StandardCharsets.UTF_8);
                        if (name.equals("kaowu-region/region.json")) {
                            text = text.replace("\"code\": \"" + oldCode + "\"", "\"code\": \"" + code + "\"");
                        }
                        String edited = edits.getOrDefault(name, UnaryOperator.identity()).apply(text);
                        if (edits.containsKey(name) && edited.equals(text)) {
                            throw new IllegalArgumentException("the edit of " + name + " changed nothing");
                        }
                        bytes = edited.getBytes(StandardCharsets.UTF_8);
                    }
                    o.write(bytes);
                    o.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }
}
