package org.kaowu.service.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.kaowu.api.EnrollmentReports;
import org.kaowu.api.EnrollmentStatistics;
import org.kaowu.api.EnrollmentStatus;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.StaffRole;
import org.kaowu.api.rules.Sitting;
import org.kaowu.store.AccountStore;
import org.kaowu.store.EnrollmentStore;
import org.kaowu.store.StoredStaff;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Enrollment statistics for the offices: a sitting's course enrollments per exam area and course, counted
 * over the candidates in the staff member's scope (the same scopes as the office desk), audited.
 */
@Component
public final class EnrollmentStatisticsService implements EnrollmentReports {
    private final Regions regions;
    private final EnrollmentStore store;
    private final AccountStore accounts;
    private final SessionTokens tokens;
    private final Audit audit;

    @Activate
    public EnrollmentStatisticsService(@Reference Regions regions, @Reference EnrollmentStore store, @Reference AccountStore accounts,
            @Reference SessionTokens tokens, @Reference Clock clock) {
        this.regions = regions;
        this.store = store;
        this.accounts = accounts;
        this.tokens = tokens;
        this.audit = new Audit(accounts, clock);
    }

    private LiveRegion live(String code) {
        return regions.live(code).orElseThrow(() -> new KaowuException(ErrorCode.REGION_NOT_FOUND, "No region " + code + " is installed"));
    }

    @Override
    public EnrollmentStatistics statistics(String regionCode, String staffToken, String sittingCode) {
        SessionTokens.Claims claims = tokens.verify(staffToken, SessionTokens.Kind.STAFF);
        StoredStaff me = accounts.findStaff(claims.region()).filter(s -> s.id().equals(claims.subject()))
                .orElseThrow(() -> new KaowuException(ErrorCode.UNAUTHENTICATED, "The session's staff account no longer exists"));
        LiveRegion region = live(regionCode);
        if (me.role() == StaffRole.PLATFORM_ADMIN || !me.region().map(regionCode::equals).orElse(false)) {
            audit.record("staff:" + me.username(), "ENROLLMENT_STATISTICS", regionCode, Optional.empty(), "DENIED",
                    Optional.of("outside the account's region"));
            throw new KaowuException(ErrorCode.FORBIDDEN, "Not allowed: outside the account's region");
        }
        Sitting sitting = EnrollmentService.sitting(region, sittingCode);
        Optional<Set<String>> offices = me.role() == StaffRole.ASSISTANCE_UNIT ? Optional.empty() : OfficeDeskService.offices(me, region);
        record Key(String area, String course) {
        }
        final class Tally {
            final Set<UUID> candidates = new HashSet<>();
            int lines;
            int paid;
            BigDecimal amount = BigDecimal.ZERO;
        }
        Map<Key, Tally> tallies = new LinkedHashMap<>();
        for (EnrollmentStore.EnrollmentLineRow r : store.enrollmentLines(regionCode, sitting.code())) {
            boolean inScope = me.role() == StaffRole.ASSISTANCE_UNIT ? r.assistanceUnit().isPresent() && r.assistanceUnit().equals(me.office())
                    : offices.map(set -> set.contains(r.office())).orElse(true);
            if (!inScope || r.status() == EnrollmentStatus.EXPIRED) {
                continue;
            }
            Tally t = tallies.computeIfAbsent(new Key(r.examArea().orElse(""), r.course()), k -> new Tally());
            t.candidates.add(r.candidate());
            t.lines++;
            if (r.status() == EnrollmentStatus.PAID && r.amount().isPresent()) {
                t.paid++;
                t.amount = t.amount.add(r.amount().get().divide(BigDecimal.valueOf(Math.max(1, r.lines())), 2, RoundingMode.HALF_UP));
            }
        }
        List<EnrollmentStatistics.Row> rows = new ArrayList<>();
        tallies.forEach((k, t) -> rows.add(new EnrollmentStatistics.Row(k.area(), k.course(), t.candidates.size(), t.lines, t.paid,
                t.amount.setScale(2, RoundingMode.UNNECESSARY))));
        rows.sort(Comparator.comparing(EnrollmentStatistics.Row::examArea).thenComparing(EnrollmentStatistics.Row::course));
        audit.record("staff:" + me.username(), "ENROLLMENT_STATISTICS", regionCode, Optional.empty(), "ALLOWED",
                Optional.of("sitting " + sitting.code() + ", " + rows.size() + " rows"));
        return new EnrollmentStatistics(regionCode, sitting.code(), region.fees().fees().currency(), rows);
    }
}
