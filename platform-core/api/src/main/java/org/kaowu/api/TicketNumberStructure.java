package org.kaowu.api;

import java.util.List;

/**
 * How a region's ticket numbers (准考证号) are built: total length and the parts in order.
 */
public record TicketNumberStructure(int length, List<Part> parts, String example) {
    public TicketNumberStructure {
        parts = List.copyOf(parts);
    }

    /** One part of the number: its name, its width in characters and what it means. */
    public record Part(String name, int width, String description) {
    }
}
