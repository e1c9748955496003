package org.kaowu.regions.chongqing;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.LocalizedText;
import org.kaowu.api.Office;
import org.kaowu.spi.RegionProfile;
import org.kaowu.spi.RegionProperties;
import org.osgi.service.component.annotations.Component;

/** 重庆市 (Chongqing): who the region is. */
@Component(property = RegionProperties.REGION + "=" + Chongqing.CODE)
public final class ChongqingProfile implements RegionProfile {
    @Override
    public String code() {
        return Chongqing.CODE;
    }

    @Override
    public LocalizedText names() {
        return LocalizedText.of("重庆市", "Chongqing");
    }

    @Override
    public ZoneId timeZone() {
        return Chongqing.ZONE;
    }

    @Override
    public List<String> locales() {
        return List.of("zh-CN", "en");
    }

    @Override
    public Set<IdentityDocumentType> identityDocuments() {
        return EnumSet.allOf(IdentityDocumentType.class);
    }

    @Override
    public boolean emailRequired() {
        return false;
    }

    @Override
    public List<Office> offices() {
        return Chongqing.OFFICES;
    }

    @Override
    public String defaultRegistrationOffice() {
        return Chongqing.DEFAULT_OFFICE;
    }
}
