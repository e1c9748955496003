package org.kaowu.service.internal;

import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.ExamRoom;
import org.kaowu.api.ExamRooms;
import org.kaowu.api.ImportRefusedException;
import org.kaowu.api.KaowuException;
import org.kaowu.api.LineError;
import org.kaowu.api.rules.ExamArea;
import org.kaowu.store.AccountStore;
import org.kaowu.store.ExamOperationsStore;
import org.kaowu.store.StoredStaff;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exam sites and rooms of a region, kept by its province office: one room as JSON, or a CSV file
 * checked whole (every line at fault listed, like the records-on-file import) and applied all or nothing
 * in one transaction, with its audit entry.
 */
@Component
public final class ExamRoomService implements ExamRooms {
    private static final Logger LOG = LoggerFactory.getLogger(ExamRoomService.class);
    static final List<String> COLUMNS = List.of("examArea", "site", "siteName", "room", "capacity", "accessibleSeats");
    /** Most rows of one file: a province has a few thousand rooms. */
    static final int MAX_ROWS = 20_000;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");

    private final Regions regions;
    private final ExamOperationsStore store;
    private final AccountStore accounts;
    private final Clock clock;
    private final Audit audit;
    private final ProvinceOffice office;

    @Activate
    public ExamRoomService(@Reference Regions regions,
            @Reference(target = "(component.name=org.kaowu.store.internal.StoreComponent)") ExamOperationsStore store,
            @Reference AccountStore accounts, @Reference SessionTokens tokens, @Reference Clock clock) {
        this.regions = regions;
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
        this.audit = new Audit(accounts, clock);
        this.office = new ProvinceOffice(tokens, accounts, audit);
    }

    private LiveRegion live(String code) {
        return regions.live(code).orElseThrow(() -> new KaowuException(ErrorCode.REGION_NOT_FOUND, "No region " + code + " is installed"));
    }

    @Override
    public List<ExamRoom> rooms(String token, String region, Optional<String> examArea) {
        live(region);
        office.require(token, region, "EXAM_ROOMS_READ");
        return store.rooms(region, examArea);
    }

    @Override
    public ExamRoom putRoom(String token, String region, ExamRoom room) {
        LiveRegion live = live(region);
        StoredStaff me = office.require(token, region, "EXAM_ROOM_SAVE");
        if (!areas(live).contains(room.examArea())) {
            throw new KaowuException(ErrorCode.UNKNOWN_EXAM_AREA, "examArea", "Region " + region + " has no exam area " + room.examArea());
        }
        check(room.site(), "site");
        check(room.room(), "room");
        RegistrationRules.required(room.siteName(), "siteName", 200);
        String actor = "staff:" + me.username();
        accounts.atomically(() -> {
            int added = store.saveRooms(region, List.of(room), clock.instant(), actor);
            audit.record(actor, "EXAM_ROOM_SAVE", region, Optional.of(room.examArea() + "/" + room.site() + "/" + room.room()), "DONE",
                    Optional.of((added == 1 ? "added: " : "changed: ") + room.capacity() + " seats, " + room.accessibleSeats() + " accessible"
                            + (room.inUse() ? "" : ", out of use")));
            return added;
        });
        return room;
    }

    private static Set<String> areas(LiveRegion live) {
        return live.profile().examAreas().stream().map(ExamArea::code).collect(Collectors.toSet());
    }

    private static String check(String code, String field) {
        if (code == null || code.isBlank()) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, field, field + " is required");
        }
        if (!CODE.matcher(code).matches()) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, field, field + " is a code of letters, digits, '-' and '_', at most 32");
        }
        return code;
    }

    private static int number(String value, String field, int min, int max) {
        if (value == null || value.isBlank()) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, field, field + " is required");
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw new KaowuException(ErrorCode.VALIDATION_FAILED, field, field + " is " + n + "; it must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new KaowuException(ErrorCode.VALIDATION_FAILED, field, field + " is not a whole number");
        }
    }

    @Override
    public int importRooms(String token, String region, InputStream csv) {
        LiveRegion live = live(region);
        StoredStaff me = office.require(token, region, "EXAM_ROOMS_IMPORT");
        String actor = "staff:" + me.username();
        try {
            List<CsvFile.Row> rows = CsvFile.read(csv, COLUMNS, MAX_ROWS);
            Set<String> areas = areas(live);
            List<LineError> errors = new ArrayList<>();
            List<ExamRoom> rooms = new ArrayList<>();
            Map<String, Integer> firstLine = new HashMap<>();
            for (CsvFile.Row row : rows) {
                int before = errors.size();
                String area = field(errors, row, "examArea", () -> {
                    String a = RegistrationRules.required(row.get("examArea"), "examArea", 64);
                    if (!areas.contains(a)) {
                        throw new KaowuException(ErrorCode.UNKNOWN_EXAM_AREA, "examArea", "Region " + region + " has no exam area " + a);
                    }
                    return a;
                });
                String site = field(errors, row, "site", () -> check(row.get("site"), "site"));
                String siteName = field(errors, row, "siteName", () -> RegistrationRules.required(row.get("siteName"), "siteName", 200));
                String room = field(errors, row, "room", () -> check(row.get("room"), "room"));
                Integer capacity = field(errors, row, "capacity", () -> number(row.get("capacity"), "capacity", 1, 1000));
                Integer accessible = field(errors, row, "accessibleSeats", () -> number(row.get("accessibleSeats"), "accessibleSeats", 0,
                        capacity == null ? 1000 : capacity));
                if (area != null && site != null && room != null) {
                    Integer seen = firstLine.putIfAbsent(area + "/" + site + "/" + room, row.line());
                    if (seen != null) {
                        errors.add(new LineError(row.line(), "room", ErrorCode.VALIDATION_FAILED, "The same room is on line " + seen));
                    }
                }
                if (errors.size() == before) {
                    rooms.add(new ExamRoom(area, site, siteName, room, capacity, accessible, true));
                }
            }
            if (rows.isEmpty()) {
                errors.add(new LineError(2, null, ErrorCode.FIELD_REQUIRED, "The file has no rooms"));
            }
            if (!errors.isEmpty()) {
                errors.sort(java.util.Comparator.comparingInt(LineError::line));
                throw CsvFile.refused(errors);
            }
            int added = accounts.atomically(() -> {
                int n = store.saveRooms(region, rooms, clock.instant(), actor);
                audit.record(actor, "EXAM_ROOMS_IMPORT", region, Optional.empty(), "DONE",
                        Optional.of(rooms.size() + " rooms from a CSV file: " + n + " added, " + (rooms.size() - n) + " changed"));
                return n;
            });
            LOG.info("Exam rooms of {}: {} rooms imported ({} new)", region, rooms.size(), added);
            return rooms.size();
        } catch (ImportRefusedException e) {
            audit.record(actor, "EXAM_ROOMS_IMPORT", region, Optional.empty(), "REFUSED", Optional.of(e.errors().size() + " errors on lines "
                    + e.errors().stream().map(x -> Integer.toString(x.line())).distinct().limit(20).collect(Collectors.joining(","))
                    + (e.errors().size() > 20 ? ",..." : "")));
            throw e;
        }
    }

    /** The checked value of one field, or null with its fault added to {@code errors}. */
    private static <T> T field(List<LineError> errors, CsvFile.Row row, String column, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (KaowuException e) {
            errors.add(new LineError(row.line(), column, e.code(), e.getMessage()));
            return null;
        }
    }
}
