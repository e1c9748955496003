package org.kaowu.api.rules;

import org.kaowu.api.LocalizedText;

/**
 * An assistance unit (助学单位 / 集体报名点): an organisation that registers, enrolls or confirms candidates
 * as a group, attached to the examination office it answers to. Candidates name it by {@code code} when
 * they register through it; its staff accounts are scoped to it.
 */
public record AssistanceUnit(String code, LocalizedText names, String office) {
    public AssistanceUnit {
        if (code == null || !code.matches("[A-Za-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("assistance unit code '" + code + "' must be 1 to 32 letters, digits or '-'");
        }
        Check.present(names, "assistance unit names");
        Check.code(office, "assistance unit office");
    }
}
