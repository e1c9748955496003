package org.kaowu.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.Preprocessor;

/**
 * The waiting room (排队) of window opening: admission control for new arrivals, the candidate logins and
 * registrations (each costs a bcrypt, about 80 ms of a core), in front of every servlet. At most
 * {@code concurrentArrivals} of them are served at once; the others wait in line in the order they first
 * arrived, up to {@code maxWaitMillis} on the server. One whose turn does not come in that time is answered
 * {@code 503 WAITING_ROOM} with its place in line ({@code position}), {@code Retry-After}, and a ticket
 * ({@code Kaowu-Waiting-Ticket}, also {@code waitingTicket} in the body) that keeps that place when it
 * comes back with it: ahead of everyone who arrived later. Candidates already in (with a session) are never
 * held: what they submit is served as before, so nothing accepted is lost while the node is full.
 *
 * <p>Per node, on real time. A ticket is signed with a key made at each start (a forged one, or one of
 * another node or start, counts as a new arrival).
 */
@Component(service = Preprocessor.class, configurationPid = "org.kaowu.waitingroom")
@Designate(ocd = WaitingRoom.Config.class)
public final class WaitingRoom implements Preprocessor {
    @ObjectClassDefinition(name = "Kaowu waiting room", description = "Admission of new arrivals (candidate logins and registrations) at window opening")
    public @interface Config {
        @AttributeDefinition(name = "Enabled")
        boolean enabled() default true;

        @AttributeDefinition(name = "Arrivals served at once", description = "0: the number of processors (a login is a bcrypt: one core each)")
        int concurrentArrivals() default 0;

        @AttributeDefinition(name = "Wait on the server (ms)", description = "How long an arrival waits in line before it is answered with its place and Retry-After")
        long maxWaitMillis() default 10000;

        @AttributeDefinition(name = "Waiting on the server at most", description = "More arrivals than this are answered with their place at once")
        int maxWaiting() default 50;
    }

    static final String TICKET_HEADER = "Kaowu-Waiting-Ticket";
    /** POST /api/v1/regions/{code}/sessions, /candidates, /returning-candidates: the arrivals. */
    private static final Pattern ARRIVAL = Pattern.compile("/api/v1/regions/[^/]+/(sessions|candidates|returning-candidates)");

    private final boolean enabled;
    private final long maxWaitNanos;
    private final ArrivalLine line;
    private final byte[] key = new byte[32];

    @Activate
    public WaitingRoom(Config config) {
        this.enabled = config.enabled();
        int slots = config.concurrentArrivals() > 0 ? config.concurrentArrivals() : Runtime.getRuntime().availableProcessors();
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, config.maxWaitMillis()));
        this.line = new ArrivalLine(slots, Math.max(1, config.maxWaiting()));
        new SecureRandom().nextBytes(key);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!enabled || !(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse answer)
                || !"POST".equals(http.getMethod()) || http.getRequestURI() == null || !ARRIVAL.matcher(http.getRequestURI()).matches()) {
            chain.doFilter(request, response);
            return;
        }
        long ticket = ticket(http.getHeader(TICKET_HEADER));
        boolean admitted;
        try {
            admitted = line.enter(ticket, maxWaitNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            String signed = sign(ticket);
            long retryAfter = line.retryAfterSeconds(ticket);
            answer.setHeader("Retry-After", String.valueOf(retryAfter));
            answer.setHeader(TICKET_HEADER, signed);
            ProblemAnswer.write(answer, 503, "Waiting room", "WAITING_ROOM",
                    "Many candidates are arriving at once: you have a place in line. Send the request again after Retry-After with the "
                            + TICKET_HEADER + " header to keep it",
                    ",\"position\":" + line.position(ticket) + ",\"retryAfterSeconds\":" + retryAfter + ",\"waitingTicket\":\"" + signed + "\"");
            return;
        }
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            line.leave(System.nanoTime() - started);
        }
    }

    /** The ticket of a request: its own when it brings a valid one, else a new one. */
    long ticket(String header) {
        if (header != null) {
            int dot = header.indexOf('.');
            if (dot > 0 && MessageDigest.isEqual(sign(parse(header.substring(0, dot))).getBytes(StandardCharsets.US_ASCII),
                    header.getBytes(StandardCharsets.US_ASCII))) {
                long t = parse(header.substring(0, dot));
                if (line.issued(t)) {
                    return t;
                }
            }
        }
        return line.newTicket();
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    String sign(long ticket) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal(Long.toString(ticket).getBytes(StandardCharsets.US_ASCII));
            return ticket + "." + HexFormat.of().formatHex(tag, 0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
