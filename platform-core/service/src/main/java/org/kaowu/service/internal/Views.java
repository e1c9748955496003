package org.kaowu.service.internal;

import java.util.List;
import java.util.Locale;

import org.kaowu.api.CandidateView;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.StoredCandidate;

/** The record a candidate or authorised staff see: never the password hash or the security answer. */
final class Views {
    private Views() {
    }

    static CandidateView of(StoredCandidate c, CandidateStore store) {
        List<CandidateView.MergedTicket> merged = store.merges(c.region(), c.id()).stream()
                .map(m -> new CandidateView.MergedTicket(m.id(), m.mergedTicket(), m.mergedAt(), m.undoneAt())).toList();
        return new CandidateView(c.id(), c.region(), c.name(), c.idType(), c.idNumber(), c.mobile(), c.mobileVerified(), c.email(), c.status(),
                c.ticketNumber(), c.officeCode(), c.assistanceUnit(), c.nextStep(), c.rejectionReason(), c.confirmationMethod(), c.createdAt(),
                merged, store.priorEducation(c.id()).map(p -> new CandidateView.PriorEducationView(p.major(), p.status().name(), p.reason())),
                c.examLanguage());
    }

    /** "z***@example.cn", "139****0000": enough for the candidate to recognise, nothing for anyone else. */
    static String maskAddress(String to) {
        int at = to.indexOf('@');
        if (at > 0) {
            return to.charAt(0) + "***" + to.substring(at).toLowerCase(Locale.ROOT);
        }
        return to.length() > 7 ? to.substring(0, 3) + "****" + to.substring(to.length() - 4) : "****";
    }
}
