package org.kaowu.service.internal;

import java.util.Map;
import java.util.Optional;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.HumanChecks;
import org.kaowu.api.KaowuException;
import org.kaowu.service.internal.humancheck.ProofOfWork;
import org.kaowu.service.internal.humancheck.ProofOfWorkHumanCheck;
import org.kaowu.spi.HumanCheck;
import org.kaowu.spi.RegionProperties;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Asks the winning {@link HumanCheck} of a region (one registered for the region, else for all; then the
 * highest ranking: the platform's proof of work ranks low) for challenges and verdicts.
 */
@Component(service = {HumanChecks.class, HumanCheckService.class})
public final class HumanCheckService implements HumanChecks {
    private final Regions regions;
    private final PluginChoice<HumanCheck> checks;

    @Activate
    public HumanCheckService(@Reference Regions regions, @Reference Simulators simulators) {
        this.regions = regions;
        this.checks = new PluginChoice<>(RegionProperties.REGION, true, simulators::allowed);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindCheck(HumanCheck check, Map<String, Object> props) {
        checks.bind(check, props);
    }

    void unbindCheck(HumanCheck check) {
        checks.unbind(check);
    }

    private HumanCheck check(String region) {
        if (regions.live(region).isEmpty()) {
            throw new KaowuException(ErrorCode.REGION_NOT_FOUND, "No region " + region + " is installed");
        }
        return checks.forKey(region).orElseThrow(() -> new KaowuException(ErrorCode.NOT_OFFERED, "No human check is installed"));
    }

    @Override
    public Challenge issue(String region, Purpose purpose) {
        HumanCheck.Challenge c = check(region).challenge(region, purpose.name());
        return new Challenge(c.kind(), c.challenge(), c.difficulty(), c.expiresAt());
    }

    @Override
    public void require(String region, Purpose purpose, Optional<String> solution) {
        HumanCheck check = check(region);
        if (!check.verify(region, purpose.name(), answer(solution))) {
            throw failed();
        }
    }

    /**
     * Checks the answer like {@link #require} but leaves the spend to the caller when the platform's own proof of
     * work decides: its id (as {@code human_check_spent} holds it) and expiry, to spend in the commit of what it
     * guards ({@code AccountStore.auditSharedSpending}), so a guarded read costs one shared commit instead of a
     * commit of its own. Empty when the winning check is a province's, which spent the answer as it verified it.
     *
     * @throws KaowuException REGION_NOT_FOUND, NOT_OFFERED, HUMAN_CHECK_FAILED
     */
    Optional<ProofOfWork.Valid> checkToSpend(String region, Purpose purpose, Optional<String> solution) {
        HumanCheck check = check(region);
        String answer = answer(solution);
        if (check instanceof ProofOfWorkHumanCheck own) {
            return Optional.of(own.checkUnspent(region, purpose.name(), answer).orElseThrow(HumanCheckService::failed));
        }
        if (!check.verify(region, purpose.name(), answer)) {
            throw failed();
        }
        return Optional.empty();
    }

    /** The refusal of an answer that was spent before (by the caller of {@link #checkToSpend}). */
    static KaowuException failed() {
        return new KaowuException(ErrorCode.HUMAN_CHECK_FAILED, "The human check's answer is wrong, expired, for another purpose or used before; "
                + "ask for a new challenge");
    }

    private static String answer(Optional<String> solution) {
        return solution.map(String::strip).filter(s -> !s.isEmpty()).orElseThrow(() -> new KaowuException(ErrorCode.HUMAN_CHECK_FAILED,
                "This request needs the answer to a human check (header Kaowu-Human-Check; ask POST /regions/{code}/human-checks for a challenge)"));
    }
}
