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

    @Override
    public void start(BundleContext context) {
        constant = servlet(context, "/load/constant", new Constant());
        seed = servlet(context, "/load/seed", new Seed(context));
    }

    @Override
    public void stop(BundleContext context) {
        constant.unregister();
        seed.unregister();
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
}
