package org.kaowu.api.rules;

import org.kaowu.api.LocalizedText;

/** An exam area (考区): where a candidate sits the exams of one sitting, run by an office. */
public record ExamArea(String code, LocalizedText names, String office) {
    public ExamArea {
        Check.code(code, "exam area code");
        Check.present(names, "exam area names");
        Check.code(office, "exam area office");
    }
}
