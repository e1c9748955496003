package org.kaowu.rest.internal;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.kaowu.api.AuditEntry;
import org.kaowu.api.CandidateView;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.LocalizedText;
import org.kaowu.api.RecoveryStarted;
import org.kaowu.api.SessionToken;
import org.kaowu.api.StaffView;
import org.kaowu.api.Office;
import org.kaowu.api.RegionDetails;
import org.kaowu.api.RegionSummary;
import org.kaowu.api.RegisteredCandidate;
import org.kaowu.api.TicketNumberStructure;
import org.kaowu.api.rules.CalendarStatus;
import org.kaowu.api.rules.CourseCatalogue;
import org.kaowu.api.rules.Fees;
import org.kaowu.api.rules.Flow;
import org.kaowu.api.rules.PhotoRequirements;
import org.kaowu.api.rules.RegistrationStep;
import org.kaowu.api.rules.SittingDeadlines;

/**
 * The JSON shapes of the API, written out field by field: they are a contract with clients, so they
 * do not follow the Java types by accident.
 */
final class Json {
    private Json() {
    }

    static Map<String, Object> summary(RegionSummary r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", r.code());
        m.put("names", names(r.names()));
        m.put("bundleVersion", r.bundleVersion());
        return m;
    }

    static Map<String, Object> details(RegionDetails r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", r.code());
        m.put("names", names(r.names()));
        m.put("bundle", r.bundle());
        m.put("bundleVersion", r.bundleVersion());
        m.put("timeZone", r.timeZone());
        m.put("locales", r.locales());
        m.put("identityDocuments", r.identityDocuments().stream().map(Enum::name).sorted().toList());
        m.put("emailRequired", r.emailRequired());
        m.put("defaultRegistrationOffice", r.defaultRegistrationOffice());
        m.put("offices", r.offices().stream().map(Json::office).toList());
        m.put("examAreas", r.examAreas().stream().map(a -> map("code", a.code(), "names", names(a.names()), "office", a.office())).toList());
        m.put("examLanguages", r.examLanguages().stream().map(l -> map("code", l.code(), "names", names(l.names()))).toList());
        m.put("assistanceUnits", r.assistanceUnits().stream().map(u -> map("code", u.code(), "names", names(u.names()), "office", u.office()))
                .toList());
        m.put("ticketNumber", ticketNumber(r.ticketNumber()));
        m.put("registration", registration(r.registration()));
        m.put("identityConfirmation", r.identityConfirmation().stream().map(c -> map("kind", c.kind().name(), "names", names(c.names()),
                "requires", c.requires(), "appliesWhen", names(c.appliesWhen()))).toList());
        m.put("passwordRecovery", map("identifyBy", r.passwordRecovery().identifyBy().stream().map(Enum::name).toList(),
                "channels", r.passwordRecovery().channels().stream().map(Enum::name).toList()));
        m.put("calendar", calendar(r.calendar()));
        m.put("fees", fees(r.fees()));
        m.put("scoreValidity", map("expires", r.scoreValidity().validFor().isPresent(),
                "validFor", r.scoreValidity().validFor().map(Object::toString).orElse(null), "note", names(r.scoreValidity().note())));
        PhotoRequirements p = r.photo();
        m.put("photo", map("formats", new TreeSet<>(p.formats()), "maxBytes", p.maxBytes(), "minWidth", p.minWidth(), "minHeight",
                p.minHeight(), "maxWidth", p.maxWidth(), "maxHeight", p.maxHeight(), "description", names(p.description())));
        m.put("catalogue", catalogue(r.catalogue()));
        Map<String, Object> messages = new TreeMap<>();
        r.messages().forEach((k, v) -> messages.put(k, names(v)));
        m.put("messages", messages);
        m.put("providers", new TreeMap<>(r.providers()));
        return m;
    }

    private static Map<String, Object> registration(Flow f) {
        return map("newCandidates", f.newCandidates().stream().map(Json::step).toList(),
                "returningCandidates", f.returningCandidates().stream().map(Json::step).toList(),
                "ticketIssuedAfter", f.ticketIssuedAfter(),
                "loginIdentifiers", f.loginIdentifiers().stream().map(Enum::name).sorted().toList());
    }

    private static Map<String, Object> step(RegistrationStep s) {
        return map("code", s.code(), "kind", s.kind().name(), "names", names(s.names()), "actor", s.actor().name(),
                "requiredFields", s.requiredFields(), "statusAfter", s.statusAfter().name());
    }

    private static Map<String, Object> calendar(RegionDetails.Calendar c) {
        CalendarStatus now = c.now();
        Map<String, Object> status = map("at", now.at().toOffsetDateTime().toString(), "locked", now.locked(),
                "lockedUntil", now.lockedUntil().map(Object::toString).orElse(null),
                "enrollmentOpen", now.enrollmentOpenFor().map(s -> map("sitting", s, "closes", now.enrollmentCloses().orElseThrow().toString()))
                        .orElse(null),
                "nextEnrollment", now.nextEnrollmentFor().map(s -> map("sitting", s, "opens", now.nextEnrollmentOpens().orElseThrow().toString()))
                        .orElse(null));
        Map<String, SittingDeadlines> deadlines = new HashMap<>();
        c.sittingDeadlines().forEach(d -> deadlines.put(d.sitting(), d));
        List<Map<String, Object>> sittings = c.sittings().stream().map(s -> {
            SittingDeadlines d = deadlines.get(s.code());
            return map("code", s.code(), "names", names(s.names()),
                    "enrollment", s.enrollment().stream().map(w -> map("opens", w.opens().toString(), "closes", w.closes().toString())).toList(),
                    "sessions", s.sessions().stream().map(Json::session).toList(),
                    "timetableSample", s.sample(),
                    "scorePublication", s.scorePublication().toString(),
                    "recheckCloses", date(d.recheckCloses()),
                    "passCertificateCloses", date(d.passCertificateCloses()),
                    "passCertificateCollection", date(d.passCertificateCollection()));
        }).toList();
        return map("now", status,
                "dailyLocks", c.dailyLocks().stream().map(l -> map("from", l.from().toString(), "to", l.to().toString(),
                        "reason", names(l.reason()))).toList(),
                "sittings", sittings,
                "deadlines", map("recheckWorkingDays", c.deadlines().recheckWorkingDays(),
                        "passCertificateWorkingDays", c.deadlines().passCertificateWorkingDays(),
                        "passCertificateCollectionWorkingDays", c.deadlines().passCertificateCollectionWorkingDays()),
                "workingDays", map("weekend", c.workingDays().weekend().stream().sorted().map(Enum::name).toList(),
                        "holidays", c.workingDays().holidays().stream().map(Object::toString).toList(),
                        "makeUpWorkingDays", c.workingDays().makeUpWorkingDays().stream().map(Object::toString).toList()));
    }

    private static Map<String, Object> fees(Fees f) {
        return map("currency", f.currency(), "sample", f.sample(), "items", f.fees().stream().map(x -> map("code", x.code(),
                "names", names(x.names()), "amount", x.amount(), "basis", x.basis().name())).toList());
    }

    private static Map<String, Object> catalogue(CourseCatalogue c) {
        return map("sample", c.sample(),
                "hostUniversities", c.hostUniversities().stream().map(h -> map("code", h.code(), "names", names(h.names()))).toList(),
                "courses", c.courses().stream().map(x -> map("code", x.code(), "names", names(x.names()), "credits", x.credits(),
                        "kind", x.kind().name(), "grading", x.grading().name())).toList(),
                "majors", c.majors().stream().map(x -> map("code", x.code(), "names", names(x.names()), "level", x.level().name(),
                        "hostUniversity", x.hostUniversity(), "courses", x.courses(), "groupOnly", x.groupOnly())).toList());
    }

    private static String date(Optional<LocalDate> date) {
        return date.map(LocalDate::toString).orElse(null);
    }

    /** An ordered JSON object from key, value pairs; null values are kept (as JSON null). */
    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    static Map<String, Object> candidate(RegisteredCandidate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id().toString());
        m.put("status", c.status().name());
        m.put("ticketNumber", c.ticketNumber().orElse(null));
        return m;
    }

    /** A candidate's record; {@code fullIdNumber} only for the candidate and authorised staff reading one record. */
    static Map<String, Object> record(CandidateView c, boolean fullIdNumber) {
        return map("id", c.id().toString(), "region", c.region(), "name", c.name(), "idType", c.idType().name(),
                "idNumber", fullIdNumber ? c.idNumber() : IdentityDocumentType.mask(c.idNumber()), "mobile", c.mobile(),
                "mobileVerified", c.mobileVerified(), "email", c.email().orElse(null), "status", c.status().name(),
                "ticketNumber", c.ticketNumber().orElse(null), "office", c.office(), "assistanceUnit", c.assistanceUnit().orElse(null),
                "nextStep", c.nextStep().orElse(null), "rejectionReason", c.rejectionReason().orElse(null),
                "confirmationMethod", c.confirmationMethod().orElse(null), "registeredAt", c.registeredAt().toString(),
                "mergedTickets", c.mergedTickets().stream().map(m -> map("id", m.id().toString(), "ticketNumber", m.ticketNumber(),
                        "mergedAt", m.mergedAt().toString(), "undoneAt", m.undoneAt().map(Object::toString).orElse(null))).toList(),
                "examLanguage", c.examLanguage().orElse(null),
                "priorEducation", c.priorEducation().map(p -> map("major", p.major(), "status", p.status(), "reason", p.reason().orElse(null)))
                        .orElse(null));
    }

    static Map<String, Object> session(SessionToken t) {
        return map("token", t.token(), "expiresAt", t.expiresAt().toString());
    }

    static Map<String, Object> recovery(RecoveryStarted r) {
        return map("id", r.id().toString(), "channel", r.channel().name(), "securityQuestion", r.securityQuestion().orElse(null),
                "expiresAt", r.expiresAt().toString());
    }

    static Map<String, Object> staff(StaffView s) {
        return map("username", s.username(), "role", s.role().name(), "region", s.region().orElse(null), "office", s.office().orElse(null));
    }

    static Map<String, Object> audit(AuditEntry e) {
        return map("at", e.at().toString(), "actor", e.actor(), "action", e.action(), "subject", e.subject().orElse(null),
                "outcome", e.outcome(), "detail", e.detail().orElse(null));
    }

    private static Map<String, Object> office(Office o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", o.code());
        m.put("names", names(o.names()));
        m.put("level", o.level().name());
        m.put("parent", o.parentCode().isEmpty() ? null : o.parentCode());
        return m;
    }

    private static Map<String, Object> ticketNumber(TicketNumberStructure t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("length", t.length());
        List<Map<String, Object>> parts = t.parts().stream().map(p -> {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("name", p.name());
            part.put("width", p.width());
            part.put("description", p.description());
            return part;
        }).toList();
        m.put("parts", parts);
        m.put("example", t.example());
        return m;
    }

    static Map<String, String> names(LocalizedText text) {
        return text.values();
    }

    private static Map<String, Object> session(org.kaowu.api.rules.ExamSession x) {
        return map("id", x.id(), "date", x.date().toString(), "starts", x.starts().toString(), "ends", x.ends().toString(),
                "courses", x.courses());
    }

    /** One sitting with its windows and timetable ({@code GET /regions/{code}/sittings/{sitting}}). */
    static Map<String, Object> sitting(org.kaowu.api.rules.Sitting s) {
        return map("code", s.code(), "names", names(s.names()),
                "enrollment", s.enrollment().stream().map(w -> map("opens", w.opens().toString(), "closes", w.closes().toString())).toList(),
                "sessions", s.sessions().stream().map(Json::session).toList(),
                "scorePublication", s.scorePublication().toString(), "sample", s.sample());
    }

    static Map<String, Object> enrollment(org.kaowu.api.Enrollment e) {
        return map("id", e.id().toString(), "sitting", e.sitting(), "status", e.status().name(), "next", e.next().name(),
                "majors", e.majors(),
                "lines", e.lines().stream().map(l -> map("major", l.major(), "course", l.course(), "session", l.session())).toList(),
                "examArea", e.examArea().orElse(null), "paymentMethod", e.paymentMethod().map(Enum::name).orElse(null),
                "amount", e.price().map(p -> map("value", p.value().toPlainString(), "currency", p.currency())).orElse(null),
                "pricedBy", e.price().map(org.kaowu.api.EnrollmentPrice::pricedBy).orElse(null),
                "createdAt", e.createdAt().toString(), "updatedAt", e.updatedAt().toString());
    }

    static Map<String, Object> statistics(org.kaowu.api.EnrollmentStatistics s) {
        return map("region", s.region(), "sitting", s.sitting(), "currency", s.currency(),
                "rows", s.rows().stream().map(r -> map("examArea", r.examArea().isEmpty() ? null : r.examArea(), "course", r.course(),
                        "candidates", r.candidates(), "courseEnrollments", r.courseEnrollments(), "paid", r.paid(),
                        "amountPaid", r.amountPaid().toPlainString())).toList());
    }
}
