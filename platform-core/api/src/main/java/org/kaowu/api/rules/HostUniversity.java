package org.kaowu.api.rules;

import org.kaowu.api.LocalizedText;

/** A host university (主考学校): it sets the practical parts of a major and issues its degree. */
public record HostUniversity(String code, LocalizedText names) {
    public HostUniversity {
        Check.code(code, "host university code");
        Check.present(names, "host university names");
    }
}
