package org.kaowu.service.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.kaowu.api.CandidateNotices;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.store.AccountStore;
import org.kaowu.store.CandidateNoticeRecord;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.StoredCandidate;
import org.kaowu.spi.NotificationChannel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells candidates what happened to them. A workflow calls {@link #record} inside the transaction of its
 * decision (so the notice commits with it, or not at all), then {@link #deliver} once that committed: by
 * e-mail when the candidate gave an address, else by SMS, in the candidate's language. A message that
 * cannot be sent is logged; the notice stays on the candidate's portal page either way.
 */
@Component(service = {CandidateNotices.class, CandidateNoticeService.class})
public final class CandidateNoticeService implements CandidateNotices {
    private static final Logger LOG = LoggerFactory.getLogger(CandidateNoticeService.class);

    private final AccountStore accounts;
    private final CandidateStore candidates;
    private final SessionTokens tokens;
    private final Notifications notifications;
    private final Clock clock;

    @Activate
    public CandidateNoticeService(@Reference AccountStore accounts, @Reference CandidateStore candidates, @Reference SessionTokens tokens,
            @Reference Notifications notifications, @Reference Clock clock) {
        this.accounts = accounts;
        this.candidates = candidates;
        this.tokens = tokens;
        this.notifications = notifications;
        this.clock = clock;
    }

    /** One notice to tell: recorded in the caller's transaction, delivered after it committed. */
    public record Pending(StoredCandidate candidate, Kind kind, Optional<String> detail) {
    }

    /** Records the notice in the thread's transaction (call inside {@code AccountStore.atomically}). */
    public Pending record(StoredCandidate candidate, Kind kind, Optional<String> detail) {
        accounts.addNotice(new CandidateNoticeRecord(UUID.randomUUID(), candidate.region(), candidate.id(), kind.name(), detail, clock.instant()));
        return new Pending(candidate, kind, detail);
    }

    /** The notices that a change of the candidate's record tells: the ticket number issued by it. */
    public List<Pending> recordChange(StoredCandidate before, StoredCandidate after) {
        if (before.ticketNumber().isEmpty() && after.ticketNumber().isPresent()) {
            return List.of(record(after, Kind.TICKET_ISSUED, after.ticketNumber()));
        }
        return List.of();
    }

    /** Sends each by e-mail (or SMS without an address), after the decision committed; never fails the caller. */
    public void deliver(List<Pending> notices) {
        for (Pending p : notices) {
            StoredCandidate c = p.candidate();
            Optional<String> language = c.examLanguage();
            String kind = c.email().isPresent() ? "EMAIL" : "SMS";
            String to = c.email().orElse(c.mobile());
            String body = CandidateMessages.noticeBody(language, p.kind(), p.detail());
            try {
                notifications.send(kind, new NotificationChannel.Message(c.region(), to, CandidateMessages.noticeSubject(language, p.kind()),
                        kind.equals("SMS") ? body.replace('\n', ' ').strip() : body));
            } catch (KaowuException e) {
                LOG.warn("Notice {} to candidate {} not sent by {} ({}); it is on the candidate's page", p.kind(), c.id(), kind, e.code());
            }
        }
    }

    public void deliver(Pending notice) {
        deliver(List.of(notice));
    }

    @Override
    public List<Notice> mine(String region, String token) {
        SessionTokens.Claims c = tokens.verify(token, SessionTokens.Kind.CANDIDATE);
        if (!c.region().equals(region)) {
            throw new KaowuException(ErrorCode.UNAUTHENTICATED, "This session belongs to another region");
        }
        StoredCandidate me = candidates.findById(region, c.subject())
                .orElseThrow(() -> new KaowuException(ErrorCode.UNAUTHENTICATED, "The session's candidate no longer exists"));
        return accounts.notices(me.id(), 100).stream().map(n -> new Notice(n.id(), Kind.valueOf(n.kind()), n.detail(), n.at())).toList();
    }
}
