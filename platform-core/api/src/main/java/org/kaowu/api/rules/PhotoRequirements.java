package org.kaowu.api.rules;

import java.util.Set;

import org.kaowu.api.LocalizedText;

/**
 * What a registration photo must be, checked on the decoded image: format (by content, as named by
 * {@code javax.imageio}, e.g. "jpeg"), byte size, and pixel bounds.
 */
public record PhotoRequirements(Set<String> formats, int maxBytes, int minWidth, int minHeight, int maxWidth, int maxHeight,
        LocalizedText description) {
    public PhotoRequirements {
        formats = Set.copyOf(Check.present(formats, "photo formats"));
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("photo formats must not be empty");
        }
        Check.atLeast(maxBytes, 1, "photo maxBytes");
        Check.atLeast(minWidth, 1, "photo minWidth");
        Check.atLeast(minHeight, 1, "photo minHeight");
        Check.atLeast(maxWidth, minWidth, "photo maxWidth");
        Check.atLeast(maxHeight, minHeight, "photo maxHeight");
        Check.present(description, "photo description");
    }
}
