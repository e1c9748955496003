package org.kaowu.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.kaowu.api.Recheck;
import org.kaowu.api.Score;
import org.kaowu.api.SittingScore;
import org.kaowu.api.Transcript;

/** JSON of scores, transcripts and re-checks. */
final class ScoreJson {
    private ScoreJson() {
    }

    /** {"score":"75","points":75,"passed":true} or {"score":"GOOD","grade":"GOOD","passed":true}. */
    static Map<String, Object> score(Score s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("score", s.toString());
        s.points().ifPresent(p -> m.put("points", p));
        s.grade().ifPresent(g -> m.put("grade", g.name()));
        m.put("passed", s.passed());
        return m;
    }

    static Map<String, Object> sittingScore(SittingScore s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sitting", s.sitting());
        m.put("course", s.course());
        m.putAll(score(s.score()));
        m.put("corrected", s.corrected());
        return m;
    }

    static Map<String, Object> transcript(Transcript t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("courses", t.courses().stream().map(c -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("course", c.course());
            x.put("names", Json.names(c.names()));
            x.put("best", sittingScore(c.best()));
            x.put("passed", c.best().score().passed());
            c.passedOn().ifPresent(d -> x.put("passedOn", d.toString()));
            if (c.passedOn().isPresent()) {
                // null: the pass never expires (the region's ScoreValidityPolicy)
                x.put("validUntil", c.validUntil().map(Object::toString).orElse(null));
                x.put("validity", Json.names(t.validityNote()));
            }
            x.put("attempts", c.attempts().stream().map(ScoreJson::sittingScore).toList());
            return x;
        }).toList());
        m.put("majors", t.majors().stream().map(p -> Map.of("major", p.major(), "names", Json.names(p.names()), "missing", p.missing())).toList());
        m.put("validity", Json.names(t.validityNote()));
        return m;
    }

    static Map<String, Object> recheck(Recheck r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id().toString());
        m.put("candidate", r.candidate().toString());
        m.put("sitting", r.sitting());
        m.put("course", r.course());
        m.put("status", r.status().name());
        m.put("before", score(r.before()));
        r.after().ifPresent(a -> m.put("after", score(a)));
        m.put("appliedAt", r.appliedAt().toString());
        r.decidedAt().ifPresent(d -> m.put("decidedAt", d.toString()));
        r.decidedBy().ifPresent(d -> m.put("decidedBy", d));
        return m;
    }
}
