package org.kaowu.plugins.feeoverride;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.kaowu.api.LocalizedText;
import org.kaowu.api.rules.Fee;
import org.kaowu.api.rules.Fees;
import org.kaowu.spi.FeeSchedule;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A policy plugin: a fee schedule for one region, registered with a higher {@code service.ranking} than
 * the region's own, so it takes over when this bundle is deployed and the region's own schedule comes
 * back when it is removed. Out of the box it sets a reduced per-course fee for Chongqing (sample figures);
 * PID {@code org.kaowu.plugins.feeoverride} retargets it (region, ranking, amounts). The service properties
 * come from the configuration, so {@code kaowu.region} and {@code service.ranking} follow it.
 */
@Component(configurationPid = "org.kaowu.plugins.feeoverride",
        property = {"kaowu.region=chongqing", "service.ranking:Integer=100"})
@Designate(ocd = FeeOverride.Config.class)
public final class FeeOverride implements FeeSchedule {

    @ObjectClassDefinition(name = "Kaowu fee override (policy plugin)")
    public @interface Config {
        @AttributeDefinition(name = "Region", description = "Code of the region whose fee schedule this replaces")
        String kaowu_region() default "chongqing";

        @AttributeDefinition(name = "Ranking", description = "Above the region's own (0) to take over")
        int service_ranking() default 100;

        @AttributeDefinition(name = "Per-course fee (CNY)")
        String perCourse() default "25.00";

        @AttributeDefinition(name = "Re-check fee (CNY)")
        String recheck() default "0";
    }

    private final Fees fees;

    @Activate
    public FeeOverride(Config config) {
        List<Fee> list = new ArrayList<>();
        list.add(new Fee("per-course", LocalizedText.of("报考费(每科，减免)", "Enrollment fee per course (reduced)"),
                new BigDecimal(config.perCourse()), Fee.Basis.PER_COURSE));
        list.add(new Fee("recheck", LocalizedText.of("成绩复查", "Score re-check"), new BigDecimal(config.recheck()), Fee.Basis.PER_APPLICATION));
        this.fees = new Fees("CNY", true, List.copyOf(list));
    }

    @Override
    public Fees fees() {
        return fees;
    }
}
