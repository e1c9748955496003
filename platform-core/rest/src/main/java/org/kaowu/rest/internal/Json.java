package org.kaowu.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kaowu.api.LocalizedText;
import org.kaowu.api.Office;
import org.kaowu.api.RegionDetails;
import org.kaowu.api.RegionSummary;
import org.kaowu.api.RegisteredCandidate;
import org.kaowu.api.TicketNumberStructure;

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
        m.put("ticketNumber", ticketNumber(r.ticketNumber()));
        return m;
    }

    static Map<String, Object> candidate(RegisteredCandidate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id().toString());
        m.put("status", c.status().name());
        m.put("ticketNumber", c.ticketNumber().orElse(null));
        return m;
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

    private static Map<String, String> names(LocalizedText text) {
        return text.values();
    }
}
