package org.kaowu.store;

import java.util.List;

/**
 * Outcome of importing many records on file at once: how many were stored, or, when any ticket number is
 * already held in the region, which (by index into the given list) and nothing stored.
 */
public record RecordsImport(int imported, List<Held> held) {
    public RecordsImport {
        held = List.copyOf(held);
    }

    /** A ticket number of the import (its index) already held: by an earlier record on file, or by a candidate. */
    public record Held(int index, String ticketNumber, boolean onFile) {
    }
}
