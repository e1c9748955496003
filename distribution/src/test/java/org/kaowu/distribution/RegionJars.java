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

/**
 * Region bundles derived from a shipped one, as an authority's own build would produce them (public: the
 * load test's hot swap builds its versions with it too).
 */
public final class RegionJars {
    /** The per-course fee's amount in kaowu-region/fees.json (group 2), whatever else the file holds. */
    private static final java.util.regex.Pattern PER_COURSE_FEE = java.util.regex.Pattern.compile(
            "(\"code\"\\s*:\\s*\"per-course\".*?\"amount\"\\s*:\\s*)([0-9.]+)", java.util.regex.Pattern.DOTALL);
    private static final String FEES = "kaowu-region/fees.json";

    private RegionJars() {
    }

    /**
     * A copy of {@code jar} that is region {@code code} in bundle {@code bsn} 1.0.0, with {@code edits}
     * applied to the named entries (e.g. "kaowu-region/calendar.json").
     */
    static byte[] derive(byte[] jar, String code, String bsn, Map<String, UnaryOperator<String>> edits) throws IOException {
        return derive(jar, code, bsn, "1.0.0", edits);
    }

    /** A new build of the same region bundle: Bundle-Version {@code version}, its per-course fee {@code fee}. */
    public static byte[] withVersionAndFee(byte[] jar, String version, double fee) throws IOException {
        Attributes main;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            main = in.getManifest().getMainAttributes();
        }
        Map<String, UnaryOperator<String>> edits = fee == perCourseFee(jar) ? Map.of()
                : Map.of(FEES, fees -> PER_COURSE_FEE.matcher(fees).replaceFirst("$1" + fee));
        return derive(jar, main.getValue("Kaowu-Region"), main.getValue("Bundle-SymbolicName").split(";")[0].trim(), version, edits);
    }

    /** The per-course fee in the bundle's kaowu-region/fees.json. */
    public static double perCourseFee(byte[] jar) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                if (e.getName().equals(FEES)) {
                    java.util.regex.Matcher m = PER_COURSE_FEE.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    if (m.find()) {
                        return Double.parseDouble(m.group(2));
                    }
                }
            }
        }
        throw new IllegalArgumentException("no per-course fee in the region bundle's " + FEES);
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
