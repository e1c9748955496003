package org.kaowu.service.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.KaowuException;
import org.kaowu.api.RegistrationCorrection;
import org.kaowu.store.StoredCandidate;

/**
 * Corrections of registration data, by an office or by a rejected candidate: every corrected field is
 * checked as at registration (the identity document against what the region accepts), and the change is
 * described for the audit trail with ID numbers masked.
 */
final class Corrections {
    private Corrections() {
    }

    /** The candidate with the correction applied, each field checked. */
    static StoredCandidate apply(LiveRegion region, StoredCandidate c, RegistrationCorrection correction, LocalDate today) {
        String name = correction.name().filter(n -> !n.isBlank()).map(RegistrationRules::name).orElse(c.name());
        IdentityDocumentType type = correction.idType().orElse(c.idType());
        if (!region.profile().identityDocuments().contains(type)) {
            throw new KaowuException(ErrorCode.ID_TYPE_NOT_ACCEPTED, "idType", "This region does not accept " + type);
        }
        String idNumber = correction.idNumber().filter(n -> !n.isBlank()).or(() -> type != c.idType() ? java.util.Optional.of(c.idNumber())
                : java.util.Optional.empty()).map(n -> IdentityDocuments.validate(type, RegistrationRules.required(n, "idNumber",
                RegistrationRules.ID_NUMBER_MAX), today)).orElse(c.idNumber());
        return c.withIdentity(name, type, idNumber);
    }

    /** "name 张三 → 张珊; ID RESIDENT_ID 110***********002X → 110***********003X", or "no change". */
    static String describe(StoredCandidate before, StoredCandidate after) {
        List<String> parts = new ArrayList<>();
        if (!before.name().equals(after.name())) {
            parts.add("name " + before.name() + " → " + after.name());
        }
        if (before.idType() != after.idType() || !before.idNumber().equals(after.idNumber())) {
            parts.add("ID " + before.idType() + " " + IdentityDocuments.mask(before.idNumber()) + " → " + after.idType() + " "
                    + IdentityDocuments.mask(after.idNumber()));
        }
        return parts.isEmpty() ? "no change" : String.join("; ", parts);
    }

    static boolean changed(StoredCandidate before, StoredCandidate after) {
        return !before.name().equals(after.name()) || before.idType() != after.idType() || !before.idNumber().equals(after.idNumber());
    }
}
