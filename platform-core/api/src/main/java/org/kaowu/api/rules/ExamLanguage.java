package org.kaowu.api.rules;

import org.kaowu.api.LocalizedText;

/** A language a candidate may sit the exams in (考试语种), by BCP 47 tag ("zh", "ug"). */
public record ExamLanguage(String code, LocalizedText names) {
    public ExamLanguage {
        Check.code(code, "exam language code");
        Check.present(names, "exam language names");
    }
}
