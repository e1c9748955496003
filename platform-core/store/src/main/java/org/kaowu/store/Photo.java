package org.kaowu.store;

import java.time.Instant;

/** A checked registration photo: its format by content ("jpeg") and its bytes. */
public record Photo(String format, byte[] image, Instant takenAt) {
    public Photo {
        image = image.clone();
    }

    @Override
    public byte[] image() {
        return image.clone();
    }
}
