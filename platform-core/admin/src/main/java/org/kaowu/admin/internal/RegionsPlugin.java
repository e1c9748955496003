package org.kaowu.admin.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.servlet.ServletConstants;
import org.kaowu.api.KaowuException;
import org.kaowu.api.RegionDetails;
import org.kaowu.api.RegionDirectory;
import org.kaowu.api.RegionRefusals;
import org.kaowu.api.RegionSummary;
import org.kaowu.api.rules.CalendarStatus;
import org.kaowu.api.rules.DailyLock;
import org.kaowu.api.rules.ExamSession;
import org.kaowu.api.rules.Sitting;
import org.kaowu.regiondata.RegionDataReader;
import org.kaowu.spi.ProviderProperties;
import org.kaowu.spi.RegionProperties;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The console's Kaowu › Kaowu regions page: every region bundle (version, state, data format, the SPI
 * services it registered), for each region and SPI the provider in force with its bundle, version and
 * ranking and the providers it shadows (a policy plugin shows here the moment it takes over), each
 * region's calendar on the platform clock (current sitting, open window, daily locks), the regions out of
 * service and the refused region bundles with their data errors (file, line, problem). Read from the
 * service registry and the region directory at each request: nothing is cached.
 */
@Component(service = Servlet.class, property = {ServletConstants.PLUGIN_LABEL + "=" + RegionsPlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=Kaowu regions", ServletConstants.PLUGIN_CATEGORY + "=Kaowu"})
public final class RegionsPlugin extends ConsolePage {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "kaowu-regions";
    /** The region SPIs, in the order the platform requires them, then the plugin SPIs. */
    static final List<String> SPIS = List.of("RegionProfile", "RegistrationFlow", "IdentityConfirmation", "ExamCalendar", "FeeSchedule",
            "ScoreValidityPolicy", "PhotoPolicy", "PasswordRecovery", "Catalogue", "TicketNumberFormat");
    static final String SPI_PACKAGE = "org.kaowu.spi.";
    /** kaowu-region/calendar.json line 13, column 9 (sittings[0]): problem */
    private static final Pattern PROBLEM = Pattern.compile("^(\\S+\\.json)(?: line (\\d+)(?:, column (\\d+))?)?(?: \\(([^)]*)\\))?: (.*)$", Pattern.DOTALL);

    private final transient BundleContext context;
    private final transient RegionDirectory directory;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile RegionRefusals refusals;

    @Activate
    public RegionsPlugin(BundleContext context, @Reference RegionDirectory directory) {
        this.context = context;
        this.directory = directory;
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = response.getWriter();
        List<ServiceReference<?>> kaowuServices = spiServices();
        regionBundles(out, kaowuServices);
        providers(out, kaowuServices);
        calendars(out);
        refused(out);
    }

    /** Every registered service of an org.kaowu.spi interface. */
    private List<ServiceReference<?>> spiServices() {
        List<ServiceReference<?>> result = new ArrayList<>();
        try {
            ServiceReference<?>[] all = context.getAllServiceReferences(null, "(" + Constants.OBJECTCLASS + "=" + SPI_PACKAGE + "*)");
            if (all != null) {
                result.addAll(Arrays.asList(all));
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }

    static List<String> spis(ServiceReference<?> ref) {
        return Arrays.stream((String[]) ref.getProperty(Constants.OBJECTCLASS)).filter(c -> c.startsWith(SPI_PACKAGE))
                .map(c -> c.substring(SPI_PACKAGE.length())).toList();
    }

    private void regionBundles(PrintWriter out, List<ServiceReference<?>> services) {
        out.println("<table id='kaowu-region-bundles' class='content' cellpadding='0' cellspacing='0' width='100%'>");
        header(out, "Region bundles", 6);
        headRow(out, "Region", "Bundle", "Version", "State", "Data format", "SPI services it registered");
        for (Bundle b : context.getBundles()) {
            String code = b.getHeaders("").get(RegionDataReader.HEADER);
            if (code == null) {
                continue;
            }
            List<String> registered = new ArrayList<>();
            for (ServiceReference<?> ref : services) {
                if (ref.getBundle() != null && ref.getBundle().getBundleId() == b.getBundleId()) {
                    spis(ref).forEach(s -> registered.add(s + rankingSuffix(ref)));
                }
            }
            registered.sort(java.util.Comparator.comparingInt(s -> {
                int i = SPIS.indexOf(s.split(" ")[0]);
                return i < 0 ? SPIS.size() : i;
            }));
            // a started region bundle that registered nothing is refused or out of service: see below
            row(out, b.getState() == Bundle.ACTIVE && !registered.isEmpty() ? null : RED, code.strip(), b.getSymbolicName(), b.getVersion(),
                    state(b.getState()), dataFormat(b), registered.isEmpty() ? "none (see the refusals below)" : String.join(", ", registered));
        }
        out.println("</table><br>");
    }

    private static String rankingSuffix(ServiceReference<?> ref) {
        int ranking = ranking(ref);
        return ranking == 0 ? "" : " (ranking " + ranking + ")";
    }

    /** What the bundle's rules are written in: the data files of the region-data extender, or code. */
    static String dataFormat(Bundle b) {
        Enumeration<String> files = b.getEntryPaths(RegionDataReader.FOLDER + "/");
        List<String> json = new ArrayList<>();
        while (files != null && files.hasMoreElements()) {
            String f = files.nextElement();
            if (f.endsWith(".json")) {
                json.add(f.substring(f.lastIndexOf('/') + 1));
            }
        }
        if (json.isEmpty()) {
            return "code (no " + RegionDataReader.FOLDER + "/ data files)";
        }
        json.sort(null);
        return "Kaowu region data: " + json.size() + " JSON files in " + RegionDataReader.FOLDER + "/ (" + String.join(", ", json) + ")";
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.INSTALLED -> "installed";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            default -> "uninstalled";
        };
    }

    static int ranking(ServiceReference<?> ref) {
        return ref.getProperty(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    static ProviderTable.Provider provider(ServiceReference<?> ref, String spi, String region) {
        Bundle b = ref.getBundle();
        Object dataVersion = ref.getProperty(RegionProperties.DATA_VERSION);
        String version = dataVersion instanceof String v && !v.isBlank() ? v + " (data of; bundle " + (b == null ? "?" : b.getVersion()) + ")"
                : b == null ? "?" : b.getVersion().toString();
        Object simulated = ref.getProperty(ProviderProperties.SIMULATED);
        return new ProviderTable.Provider(spi, region, b == null ? "?" : b.getSymbolicName(), version, ranking(ref),
                (Long) ref.getProperty(Constants.SERVICE_ID), Boolean.TRUE.equals(simulated) || "true".equals(String.valueOf(simulated)));
    }

    private void providers(PrintWriter out, List<ServiceReference<?>> services) {
        List<ProviderTable.Provider> regional = new ArrayList<>();
        for (ServiceReference<?> ref : services) {
            Object region = ref.getProperty(RegionProperties.REGION);
            for (String spi : spis(ref)) {
                if (SPIS.contains(spi) && region instanceof String code) {
                    regional.add(provider(ref, spi, code));
                }
            }
        }
        out.println("<table id='kaowu-providers' class='content' cellpadding='0' cellspacing='0' width='100%'>");
        header(out, "Providers in force, per region and SPI (highest service.ranking wins, then the oldest service)", 6);
        headRow(out, "Region", "SPI", "Provider in force", "Version", "Ranking", "Shadows");
        for (ProviderTable.Choice c : ProviderTable.choices(regional, SPIS)) {
            String shadows = c.shadowed().isEmpty() ? "-" : String.join("; ", c.shadowed().stream()
                    .map(p -> p.bundle() + " " + p.version() + " (ranking " + p.ranking() + ")").toList());
            out.print("<tr data-region='" + escape(c.region()) + "' data-spi='" + escape(c.spi()) + "'"
                    + (c.shadowed().isEmpty() ? "" : " style='background:#fff4d6'") + ">");
            for (Object cell : new Object[] {c.region(), c.spi(), c.active().bundle(), c.active().version(), c.active().ranking(), shadows}) {
                out.print("<td class='content'>" + escape(cell) + "</td>");
            }
            out.println("</tr>");
        }
        out.println("</table><br>");
    }

    private void calendars(PrintWriter out) {
        out.println("<table id='kaowu-calendars' class='content' cellpadding='0' cellspacing='0' width='100%'>");
        header(out, "Calendars on the platform clock (region time)", 6);
        headRow(out, "Region", "Now (region time)", "Current sitting", "Enrollment window", "Daily locks", "Sittings");
        for (RegionSummary s : directory.regions()) {
            Optional<RegionDetails> details;
            try {
                details = directory.region(s.code());
            } catch (KaowuException outOfService) {
                row(out, RED, s.code(), "out of service: " + outOfService.getMessage(), "", "", "", "");
                continue;
            }
            if (details.isEmpty()) {
                continue;
            }
            RegionDetails d = details.get();
            CalendarStatus now = d.calendar().now();
            String window = now.enrollmentOpenFor().map(f -> "OPEN for " + f + " until " + now.enrollmentCloses().map(Object::toString).orElse("?"))
                    .orElse("closed" + now.nextEnrollmentFor().map(n -> "; next: " + n + " opens "
                            + now.nextEnrollmentOpens().map(Object::toString).orElse("?")).orElse("; no window ahead"));
            List<String> locks = d.calendar().dailyLocks().stream().map(RegionsPlugin::lock).toList();
            String lock = (locks.isEmpty() ? "none" : String.join(", ", locks))
                    + now.lockedUntil().map(u -> "; LOCKED NOW until " + u).orElse("");
            row(out, null, d.code(), now.at().toLocalDateTime().withNano(0) + " " + d.timeZone(),
                    currentSitting(d.calendar().sittings(), now.at().toLocalDate()), window, lock,
                    String.join(", ", d.calendar().sittings().stream().map(Sitting::code).toList()));
        }
        out.println("</table><br>");
    }

    private static String lock(DailyLock l) {
        return l.from() + "-" + l.to();
    }

    /** The first sitting whose last exam day is today or later, with its exam days. */
    static String currentSitting(List<Sitting> sittings, LocalDate today) {
        return sittings.stream()
                .filter(s -> s.sessions().stream().map(ExamSession::date).max(LocalDate::compareTo).map(d -> !d.isBefore(today)).orElse(false))
                .min((a, b) -> first(a).compareTo(first(b)))
                .map(s -> s.code() + " (exams " + first(s) + " to " + s.sessions().stream().map(ExamSession::date).max(LocalDate::compareTo).get() + ")")
                .orElse("none ahead");
    }

    private static LocalDate first(Sitting s) {
        return s.sessions().stream().map(ExamSession::date).min(LocalDate::compareTo).orElse(LocalDate.MAX);
    }

    private void refused(PrintWriter out) {
        out.println("<table id='kaowu-refusals' class='content' cellpadding='0' cellspacing='0' width='100%'>");
        header(out, "Refused region bundles (their data errors)", 6);
        RegionRefusals r = refusals;
        if (r == null) {
            row(out, RED, "The region extender (org.kaowu.region-data) is not running: no region is read");
        } else if (r.refusals().isEmpty()) {
            row(out, null, "none: every started region bundle was read and serves");
        } else {
            headRow(out, "Region", "Bundle", "File", "Line", "Problem", "Serving instead");
            for (RegionRefusals.Refusal f : r.refusals()) {
                for (String problem : f.problems()) {
                    String[] parts = split(problem);
                    row(out, RED, f.region(), f.bundle() + " " + f.version(), parts[0], parts[1], parts[2],
                            f.servingVersion().map(v -> "the data of " + v).orElse("nothing: out of service"));
                }
            }
        }
        out.println("</table>");
    }

    /** File, line (with column and path) and problem of one logged problem; the whole text as problem when it names no file. */
    static String[] split(String problem) {
        Matcher m = PROBLEM.matcher(problem);
        if (m.matches()) {
            String line = (m.group(2) == null ? "-" : m.group(2)) + (m.group(3) == null ? "" : ", column " + m.group(3))
                    + (m.group(4) == null ? "" : " (" + m.group(4) + ")");
            return new String[] {m.group(1), line, m.group(5)};
        }
        return new String[] {"-", "-", problem};
    }
}
