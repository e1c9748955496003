package org.kaowu.service.internal;

import java.util.Optional;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.StaffRole;
import org.kaowu.store.AccountStore;
import org.kaowu.store.StoredStaff;

/**
 * The check of exam operations (rooms, seats): the caller's staff session is valid, and its account is
 * the region's province office; anyone else is refused with FORBIDDEN, audited.
 */
final class ProvinceOffice {
    private final SessionTokens tokens;
    private final AccountStore accounts;
    private final Audit audit;

    ProvinceOffice(SessionTokens tokens, AccountStore accounts, Audit audit) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.audit = audit;
    }

    /** The province office's account behind the token, for {@code action} in the region. */
    StoredStaff require(String token, String region, String action) {
        SessionTokens.Claims c = tokens.verify(token, SessionTokens.Kind.STAFF);
        StoredStaff me = accounts.findStaff(c.region()).filter(s -> s.id().equals(c.subject()))
                .orElseThrow(() -> new KaowuException(ErrorCode.UNAUTHENTICATED, "The session's staff account no longer exists"));
        if (me.role() != StaffRole.PROVINCE_OFFICE || !me.region().map(region::equals).orElse(false)) {
            audit.record("staff:" + me.username(), action, region, Optional.empty(), "DENIED", Optional.of("only the region's province office"));
            throw new KaowuException(ErrorCode.FORBIDDEN, "Not allowed: only the region's province office does this");
        }
        return me;
    }
}
