package org.kaowu.admin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import org.kaowu.regiondata.RegionDataException;
import org.kaowu.regiondata.RegionDataReader;

/**
 * Region and plugin bundles deployed from the console. A bundle is checked before it goes anywhere near
 * the framework: its manifest, every requirement it must resolve (Import-Package, Require-Capability)
 * against what the running platform offers, and then by kind: a region bundle's data files are read by the
 * platform's own reader (every problem with file and line; data that read are complete: they give every
 * region SPI), a plugin must declare the Kaowu SPI services it provides. Only a bundle that passes is
 * written into {@code deploy/}, where FileInstall installs and starts it (or updates the bundle of the same
 * symbolic name in place), as an operator's copy would. The jar it replaces is kept (one per symbolic
 * name), so that a rollback puts it back in one step; a bundle that replaced nothing is rolled back by
 * removing it. Deploys and rollbacks are serialized, so two at once never interleave their file moves.
 */
final class Deployments {
    static final String SPI_PACKAGE = "org.kaowu.spi.";
    private static final Pattern REGION_CODE = Pattern.compile("[a-z][a-z0-9]{1,31}");
    private static final Pattern BSN = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final String NOTHING = "none";

    /** A requirement of a bundle: its namespace and filter, as the resolver would match it. */
    record Requirement(String namespace, String filter, String text) {
    }

    /** What a check found: the bundle's name and version, its region (for a region bundle), what it provides, and every problem. */
    record Validation(String file, Optional<String> bsn, Optional<String> version, Optional<String> region, List<String> provides,
            List<String> problems) {
        boolean valid() {
            return problems.isEmpty();
        }

        String describe() {
            return bsn.orElse("?") + " " + version.orElse("?");
        }
    }

    /** A bundle in deploy/, with whether a previous jar is kept for a rollback and which. */
    record Deployed(String file, String bsn, String version, Optional<String> region, Optional<String> rollbackTo) {
    }

    private final Path deploy;
    private final Path plugins;
    private final Path kept;
    private final Predicate<Requirement> satisfied;
    private final Predicate<String> platformBundle;

    /**
     * @param satisfied      whether the running platform offers a capability for a requirement
     * @param platformBundle whether a symbolic name is one of the platform's own bundles (bundle/), never deployed here
     */
    Deployments(Path deploy, Path plugins, Path kept, Predicate<Requirement> satisfied, Predicate<String> platformBundle) {
        this.deploy = deploy;
        this.plugins = plugins;
        this.kept = kept;
        this.satisfied = satisfied;
        this.platformBundle = platformBundle;
    }

    Path plugins() {
        return plugins;
    }

    /** The jars of plugins/, offered to deploy. */
    List<Path> available() throws IOException {
        return jars(plugins);
    }

    Validation validate(Path jar, String shownName) {
        List<String> problems = new ArrayList<>();
        Manifest manifest;
        try (JarFile j = new JarFile(jar.toFile())) {
            manifest = j.getManifest();
        } catch (IOException e) {
            return new Validation(shownName, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of("not a jar file: " + e.getMessage()));
        }
        if (manifest == null) {
            return new Validation(shownName, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of("the jar has no manifest"));
        }
        Attributes a = manifest.getMainAttributes();
        Optional<String> bsn = Optional.ofNullable(a.getValue("Bundle-SymbolicName")).map(s -> s.split(";")[0].strip());
        Optional<String> version = Optional.ofNullable(a.getValue("Bundle-Version")).map(String::strip);
        if (bsn.isEmpty() || !"2".equals(String.valueOf(a.getValue("Bundle-ManifestVersion")).strip())) {
            return new Validation(shownName, bsn, version, Optional.empty(), List.of(),
                    List.of("not an OSGi bundle: the manifest lacks Bundle-SymbolicName or Bundle-ManifestVersion: 2"));
        }
        if (!BSN.matcher(bsn.get()).matches()) {
            problems.add("Bundle-SymbolicName " + bsn.get() + " has characters a symbolic name may not have");
        } else if (platformBundle.test(bsn.get())) {
            problems.add(bsn.get() + " is one of the platform's own bundles (bundle/): it is replaced with a new release, not from the console");
        }
        if (version.isPresent()) {
            try {
                org.osgi.framework.Version.parseVersion(version.get());
            } catch (IllegalArgumentException e) {
                problems.add("Bundle-Version " + version.get() + " is not a version: " + e.getMessage());
            }
        }
        if (a.getValue("Fragment-Host") != null) {
            problems.add("a fragment (Fragment-Host) is neither a region nor a plugin");
        }
        for (Requirement r : requirements(a)) {
            if (!satisfied.test(r)) {
                problems.add("needs " + r.text() + ", which nothing in the platform provides: it would not start");
            }
        }
        Optional<String> region = Optional.ofNullable(a.getValue(RegionDataReader.HEADER)).map(String::strip);
        List<String> provides = new ArrayList<>();
        if (region.isPresent()) {
            if (!REGION_CODE.matcher(region.get()).matches()) {
                problems.add(RegionDataReader.HEADER + ": " + region.get() + " is not a region code (lower-case letters and digits)");
            } else {
                problems.addAll(regionData(jar, region.get()));
                if (problems.isEmpty()) {
                    RegionsPlugin.SPIS.forEach(s -> provides.add(s + " (region " + region.get() + ", from its data)"));
                }
            }
        } else {
            for (ManifestClauses.Clause c : ManifestClauses.parse(a.getValue("Provide-Capability"))) {
                if (c.names().contains("osgi.service")) {
                    String classes = c.attributes().getOrDefault("objectClass", "");
                    for (String cls : classes.split(",")) {
                        if (cls.strip().startsWith(SPI_PACKAGE)) {
                            provides.add(cls.strip().substring(SPI_PACKAGE.length()));
                        }
                    }
                }
            }
            if (a.getValue("Service-Component") == null || provides.isEmpty()) {
                problems.add("neither a region (no " + RegionDataReader.HEADER + " header) nor a plugin: it declares no "
                        + SPI_PACKAGE + "* service (Provide-Capability osgi.service with Service-Component)");
            }
        }
        return new Validation(shownName, bsn, version, region, List.copyOf(provides), List.copyOf(problems));
    }

    /** Import-Package and Require-Capability, those that the resolver needs (not optional, not effective only when active). */
    static List<Requirement> requirements(Attributes a) {
        List<Requirement> result = new ArrayList<>();
        for (ManifestClauses.Clause c : ManifestClauses.parse(a.getValue("Import-Package"))) {
            if ("optional".equals(c.directives().get("resolution"))) {
                continue;
            }
            for (String pkg : c.names()) {
                String range = c.attributes().get("version");
                result.add(new Requirement("osgi.wiring.package", ManifestClauses.packageFilter(pkg, range),
                        "package " + pkg + (range == null ? "" : " " + range)));
            }
        }
        for (ManifestClauses.Clause c : ManifestClauses.parse(a.getValue("Require-Capability"))) {
            String effective = c.directives().getOrDefault("effective", "resolve");
            if ("optional".equals(c.directives().get("resolution")) || !"resolve".equals(effective)) {
                continue;
            }
            for (String namespace : c.names()) {
                String filter = c.directives().get("filter");
                result.add(new Requirement(namespace, filter, namespace + (filter == null ? "" : " " + filter)));
            }
        }
        return result;
    }

    /** The region's data read by the platform's reader from a copy of the jar's data folder: every problem, with file and line. */
    private static List<String> regionData(Path jar, String code) {
        Path folder = null;
        try (JarFile j = new JarFile(jar.toFile())) {
            folder = Files.createTempDirectory("kaowu-region-check");
            Path data = Files.createDirectories(folder.resolve(RegionDataReader.FOLDER));
            int files = 0;
            for (JarEntry e : java.util.Collections.list(j.entries())) {
                String name = e.getName();
                if (!e.isDirectory() && name.startsWith(RegionDataReader.FOLDER + "/") && name.indexOf('/', RegionDataReader.FOLDER.length() + 1) < 0) {
                    try (InputStream in = j.getInputStream(e)) {
                        Files.copy(in, data.resolve(name.substring(RegionDataReader.FOLDER.length() + 1)));
                        files++;
                    }
                }
            }
            if (files == 0) {
                return List.of("a region bundle (" + RegionDataReader.HEADER + ": " + code + ") without data files in " + RegionDataReader.FOLDER + "/");
            }
            RegionDataReader.readDirectory(code, data);
            return List.of();
        } catch (RegionDataException e) {
            return e.problems().stream().map(Object::toString).toList();
        } catch (IOException | RuntimeException e) {
            return List.of("its region data cannot be read: " + e);
        } finally {
            delete(folder);
        }
    }

    private static void delete(Path folder) {
        if (folder == null) {
            return;
        }
        try (var walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind; nothing depends on it
        }
    }

    /** The bundles in deploy/, with what a rollback would restore. */
    List<Deployed> deployed() throws IOException {
        List<Deployed> result = new ArrayList<>();
        for (Path jar : jars(deploy)) {
            Optional<String[]> id = identity(jar);
            if (id.isEmpty()) {
                continue;
            }
            result.add(new Deployed(jar.getFileName().toString(), id.get()[0], id.get()[1], Optional.ofNullable(id.get()[2]), rollbackTo(id.get()[0])));
        }
        return result;
    }

    /** What a rollback of {@code bsn} would do, described; empty when nothing is kept for it. */
    Optional<String> rollbackTo(String bsn) throws IOException {
        Path marker = kept.resolve(bsn + ".previous");
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        String previous = Files.readString(marker, StandardCharsets.UTF_8).strip();
        if (NOTHING.equals(previous)) {
            return Optional.of("remove it (it replaced nothing)");
        }
        Optional<String[]> id = identity(kept.resolve(bsn + ".jar"));
        return Optional.of("version " + id.map(i -> i[1]).orElse("?") + " (" + previous + ")");
    }

    /**
     * Writes a validated bundle into deploy/: over the jar of the same symbolic name (FileInstall updates that
     * bundle in place) after keeping it, or as a new file. Written beside, then moved in one step, so
     * FileInstall never reads half a jar.
     *
     * @return what was replaced, for the audit: the previous version or "none"
     */
    synchronized String deploy(Path jar, Validation v, String fileName) throws IOException {
        if (!v.valid()) {
            throw new IllegalArgumentException("not valid: " + v.problems());
        }
        String bsn = v.bsn().orElseThrow();
        Files.createDirectories(kept);
        Optional<Path> current = current(bsn);
        String replaced;
        Path target;
        if (current.isPresent()) {
            target = current.get();
            copyInto(current.get(), kept.resolve(bsn + ".jar"));
            Files.writeString(kept.resolve(bsn + ".previous"), current.get().getFileName().toString(), StandardCharsets.UTF_8);
            replaced = identity(current.get()).map(i -> i[1]).orElse("?") + " (" + current.get().getFileName() + ")";
        } else {
            target = deploy.resolve(safeName(fileName, bsn));
            Files.deleteIfExists(kept.resolve(bsn + ".jar"));
            Files.writeString(kept.resolve(bsn + ".previous"), NOTHING, StandardCharsets.UTF_8);
            replaced = NOTHING;
        }
        copyInto(jar, target);
        return replaced;
    }

    /**
     * Puts back the jar that the last deploy of {@code bsn} replaced (FileInstall updates the bundle to it),
     * or removes the bundle when that deploy replaced nothing; the kept jar is used up.
     *
     * @return what was done, for the audit
     */
    synchronized String rollback(String bsn) throws IOException {
        Path marker = kept.resolve(bsn + ".previous");
        if (!Files.isRegularFile(marker)) {
            throw new IllegalStateException("nothing kept to roll " + bsn + " back to");
        }
        String previous = Files.readString(marker, StandardCharsets.UTF_8).strip();
        Optional<Path> current = current(bsn);
        String done;
        if (NOTHING.equals(previous)) {
            if (current.isPresent()) {
                Files.delete(current.get());
            }
            done = "removed " + bsn + current.map(c -> " (" + c.getFileName() + ")").orElse("");
        } else {
            Path jar = kept.resolve(bsn + ".jar");
            Path target = current.orElse(deploy.resolve(safeName(previous, bsn)));
            String version = identity(jar).map(i -> i[1]).orElse("?");
            copyInto(jar, target);
            Files.delete(jar);
            done = "restored " + bsn + " " + version + " (" + target.getFileName() + ")";
        }
        Files.delete(marker);
        return done;
    }

    /** The jar in deploy/ of this symbolic name. */
    Optional<Path> current(String bsn) throws IOException {
        for (Path jar : jars(deploy)) {
            if (identity(jar).map(i -> i[0].equals(bsn)).orElse(false)) {
                return Optional.of(jar);
            }
        }
        return Optional.empty();
    }

    private static String safeName(String fileName, String bsn) {
        String base = fileName == null ? "" : Path.of(fileName.replace('\\', '/')).getFileName().toString();
        return base.matches("[A-Za-z0-9_.\\-]+\\.jar") && !base.startsWith(".") ? base : bsn + ".jar";
    }

    private static void copyInto(Path from, Path target) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Symbolic name, version and region code (null for a plugin) of a jar; empty when it is not a bundle. */
    static Optional<String[]> identity(Path jar) {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue("Bundle-SymbolicName");
            if (bsn == null) {
                return Optional.empty();
            }
            String region = m.getMainAttributes().getValue(RegionDataReader.HEADER);
            return Optional.of(new String[] {bsn.split(";")[0].strip(), String.valueOf(m.getMainAttributes().getValue("Bundle-Version")).strip(),
                    region == null ? null : region.strip()});
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static List<Path> jars(Path folder) throws IOException {
        List<Path> result = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return result;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, "*.jar")) {
            s.forEach(p -> {
                if (!p.getFileName().toString().startsWith(".")) {
                    result.add(p);
                }
            });
        }
        result.sort(Comparator.naturalOrder());
        return result;
    }
}
