package org.kaowu.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Hashtable;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.KaowuException;
import org.kaowu.api.RegistrationStatus;
import org.kaowu.api.rules.LoginIdentifier;
import org.kaowu.spi.RegionProperties;
import org.kaowu.spi.TicketNumberFormat;
import org.kaowu.spi.TicketRequest;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.NewCandidate;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * The load test's fixture bundle, dropped into the started distribution's deploy/ by the load profile
 * (never shipped): the baseline servlet and the seeding of candidates.
 *
 * <p>A plain activator with a hand-written manifest rather than DS and bnd: the classes are compiled with
 * the distribution's tests, whose class path bnd would take for the bundle's imports; two servlets and a
 * loop need no component model.
 */
public final class LoadFixture implements BundleActivator {
    private ServiceRegistration<Servlet> constant;
    private ServiceRegistration<Servlet> seed;
    private ServiceRegistration<Servlet> jdbcInserts;

    @Override
    public void start(BundleContext context) {
        constant = servlet(context, "/load/constant", new Constant());
        seed = servlet(context, "/load/seed", new Seed(context));
        jdbcInserts = servlet(context, "/load/jdbc-inserts", new JdbcInserts(context));
    }

    @Override
    public void stop(BundleContext context) {
        constant.unregister();
        seed.unregister();
        jdbcInserts.unregister();
    }

    private static ServiceRegistration<Servlet> servlet(BundleContext context, String pattern, Servlet servlet) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", pattern);
        return context.registerService(Servlet.class, servlet, props);
    }

    /** The baseline: a constant answer through the same Jetty and servlet whiteboard as the API. */
    static final class Constant extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final byte[] BODY = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.setContentLength(BODY.length);
            response.getOutputStream().write(BODY);
        }
    }

    /**
     * {@code POST /load/seed?region=xinjiang&from=0&count=N}: registers candidates {@code from..from+count-1}
     * of {@link LoadCandidates} straight through the store (one store transaction each, as a registration
     * is, with the ticket number issued by the region's own format), not through the HTTP registration:
     * with their flow done (approved, confirmed, mobile bound) and one bcrypt hash (cost 10) made once for
     * all, so seeding 10,000 candidates takes seconds, not the 800 CPU-seconds of 10,000 bcrypts. Answers
     * the number seeded; candidates already there are skipped (a second run seeds nothing twice).
     */
    static final class Seed extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient BundleContext context;

        Seed(BundleContext context) {
            this.context = context;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String region = request.getParameter("region");
            int from = Integer.parseInt(request.getParameter("from"));
            int count = Integer.parseInt(request.getParameter("count"));
            long started = System.nanoTime();
            ServiceReference<CandidateStore> storeRef = context.getServiceReference(CandidateStore.class);
            Collection<ServiceReference<TicketNumberFormat>> formats;
            try {
                formats = context.getServiceReferences(TicketNumberFormat.class, "(" + RegionProperties.REGION + "=" + region + ")");
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            }
            if (storeRef == null || formats.isEmpty()) {
                response.sendError(503, "store or region " + region + " not there yet");
                return;
            }
            CandidateStore store = context.getService(storeRef);
            TicketNumberFormat format = context.getService(formats.stream().sorted().reduce((a, b) -> b).orElseThrow());
            try {
                byte[] salt = new byte[16];
                new SecureRandom().nextBytes(salt);
                String hash = OpenBSDBCrypt.generate("2y", LoadCandidates.PASSWORD.toCharArray(), salt, 10);
                LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
                AtomicInteger seeded = new AtomicInteger();
                for (int i = from; i < from + count; i++) {
                    NewCandidate c = new NewCandidate(region, LoadCandidates.name(i), IdentityDocumentType.RESIDENT_ID, LoadCandidates.idNumber(i),
                            LoadCandidates.mobile(i), Optional.empty(), hash, RegistrationStatus.REGISTERED, LoadCandidates.OFFICE,
                            "org.kaowu.load-fixture", "0", Instant.now(), Optional.empty(), Optional.empty(), Optional.empty(),
                            Optional.empty(), Optional.of("zh"), Set.of(LoginIdentifier.ID_NUMBER, LoginIdentifier.TICKET_NUMBER));
                    try {
                        store.register(c, sequence -> Optional.of(format.issue(new TicketRequest(today, LoadCandidates.OFFICE,
                                IdentityDocumentType.RESIDENT_ID), sequence)));
                        seeded.incrementAndGet();
                    } catch (KaowuException already) {
                        // CANDIDATE_ALREADY_REGISTERED: seeded by an earlier run
                    }
                }
                long millis = (System.nanoTime() - started) / 1_000_000;
                response.setContentType("text/plain");
                response.getWriter().println(seeded.get() + " seeded in " + millis + " ms");
            } finally {
                context.ungetService(storeRef);
            }
        }
    }

    /**
     * {@code POST /load/jdbc-inserts?threads=N&seconds=S&warmup=W}: the raw JDBC insert-and-commit loop the
     * enrollment steps are compared with, on the platform's own database (the store's configuration: its
     * PostgreSQL server, or the embedded Derby database under kaowu.data, opened in this JVM's Derby engine):
     * N threads, one connection each, each inserting one row of an enrollment's size into a table of its own
     * and committing, for W seconds not counted then S seconds counted. Answers {@code rows=… seconds=…
     * perSecond=… errors=… p50ms=… p99ms=…}. The table is dropped afterwards.
     */
    static final class JdbcInserts extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient BundleContext context;

        JdbcInserts(BundleContext context) {
            this.context = context;
        }

        private javax.sql.DataSource dataSource() throws IOException {
            String url = "";
            String user = "";
            String password = "";
            ServiceReference<org.osgi.service.cm.ConfigurationAdmin> ref = context.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class);
            if (ref != null) {
                try {
                    org.osgi.service.cm.Configuration[] found = context.getService(ref).listConfigurations("(service.pid=org.kaowu.store)");
                    if (found != null && found.length > 0) {
                        java.util.Dictionary<String, Object> p = found[0].getProperties();
                        url = String.valueOf(Optional.ofNullable(p.get("jdbcUrl")).orElse("")).strip();
                        user = String.valueOf(Optional.ofNullable(p.get("user")).orElse(""));
                        password = String.valueOf(Optional.ofNullable(p.get("password")).orElse(""));
                    }
                } catch (org.osgi.framework.InvalidSyntaxException e) {
                    throw new IllegalStateException(e);
                } finally {
                    context.ungetService(ref);
                }
            }
            if (url.isEmpty()) {
                org.apache.derby.jdbc.EmbeddedDataSource derby = new org.apache.derby.jdbc.EmbeddedDataSource();
                String data = Optional.ofNullable(context.getProperty("kaowu.data")).orElse("data");
                derby.setDatabaseName(java.nio.file.Path.of(data, "derby", "kaowu").toAbsolutePath().toString());
                return derby;
            }
            org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
            pg.setURL(url);
            if (!user.isEmpty()) {
                pg.setUser(user);
            }
            if (!password.isEmpty()) {
                pg.setPassword(password);
            }
            return pg;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            int threads = Integer.parseInt(request.getParameter("threads"));
            int seconds = Integer.parseInt(request.getParameter("seconds"));
            int warmup = Integer.parseInt(Optional.ofNullable(request.getParameter("warmup")).orElse("0"));
            try {
                org.kaowu.distribution.RawInserts.Result r = org.kaowu.distribution.RawInserts.run(dataSource(), "load_raw_insert", threads,
                        java.time.Duration.ofSeconds(warmup), java.time.Duration.ofSeconds(seconds));
                response.setContentType("text/plain");
                response.getWriter().printf(java.util.Locale.ROOT, "rows=%d seconds=%.1f perSecond=%.1f errors=%d p50ms=%.2f p99ms=%.2f threads=%d%n",
                        r.rows(), r.seconds(), r.perSecond(), r.errors(), r.p50Ms(), r.p99Ms(), threads);
            } catch (java.sql.SQLException | InterruptedException | java.util.concurrent.ExecutionException e) {
                throw new IOException(e);
            }
        }
    }
}
