package org.kaowu.api;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The exam sites and rooms of a region's exam areas, kept by the region's province office (staff token):
 * one room at a time, or a CSV file ({@code examArea,site,siteName,room,capacity,accessibleSeats}) checked
 * whole and applied all or nothing. A room already listed is changed, a new one added.
 */
@ProviderType
public interface ExamRooms {
    /** The rooms of the region, of one exam area when given, ordered by area, site and room. */
    List<ExamRoom> rooms(String token, String region, Optional<String> examArea);

    /**
     * Adds or changes one room (audited).
     *
     * @throws KaowuException FORBIDDEN (not the region's province office), UNKNOWN_EXAM_AREA, VALIDATION_FAILED
     */
    ExamRoom putRoom(String token, String region, ExamRoom room);

    /**
     * A CSV file of rooms, UTF-8, header {@code examArea,site,siteName,room,capacity,accessibleSeats}: every
     * row is checked (unknown exam area, capacity, accessible seats, a room twice) and every line at fault
     * listed; applied in one transaction, in JDBC batches, audited.
     *
     * @return the rooms added or changed
     * @throws ImportRefusedException IMPORT_REFUSED, nothing applied
     */
    int importRooms(String token, String region, InputStream csv);
}
