package org.kaowu.regiondata;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.RecordComponent;
import java.time.Period;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.LocalizedText;
import org.kaowu.api.Office;
import org.kaowu.api.Office.OfficeLevel;
import org.kaowu.api.rules.AssistanceUnit;
import org.kaowu.api.rules.ConfirmationMethod;
import org.kaowu.api.rules.CourseCatalogue;
import org.kaowu.api.rules.DailyLock;
import org.kaowu.api.rules.ExamArea;
import org.kaowu.api.rules.ExamLanguage;
import org.kaowu.api.rules.Fees;
import org.kaowu.api.rules.Flow;
import org.kaowu.api.rules.PhotoRequirements;
import org.kaowu.api.rules.Recovery;
import org.kaowu.api.rules.RegistrationStep;
import org.kaowu.api.rules.ScoreDeadlines;
import org.kaowu.api.rules.ScoreValidity;
import org.kaowu.api.rules.Sitting;
import org.kaowu.api.rules.WorkingDays;

/**
 * Reads and checks a region's data files. Each file is strict JSON (UTF-8, no unknown or duplicate keys);
 * each value checks itself on construction and the reader checks the files against each other (offices
 * named by exam areas exist, the default registration office is a county office, the flow's confirmation
 * steps have the methods they need, ...). Every problem found, in every file, is thrown at once in a
 * {@link RegionDataException}, each naming file, line, column, position and problem.
 * <p>
 * The files, under {@value #FOLDER}/: region.json, offices.json, exam-areas.json, registration.json,
 * calendar.json, fees.json, policies.json, catalogue.json, messages.json, and optionally ticket-number.json and
 * assistance-units.json.
 */
public final class RegionDataReader {
    /** The folder of a region bundle that holds its data files. */
    public static final String FOLDER = "kaowu-region";
    /** The manifest header that marks a region bundle; its value is the region code. */
    public static final String HEADER = "Kaowu-Region";
    /** The optional file of assistance units (助学单位). */
    public static final String ASSISTANCE_UNITS = "assistance-units.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addMixIn(LocalizedText.class, LocalizedTextMixin.class)
            .addMixIn(org.kaowu.api.rules.ExamSession.class, ExamSessionMixin.class)
            .addMixIn(Sitting.class, SittingMixin.class)
            .addMixIn(org.kaowu.api.rules.Major.class, MajorMixin.class)
            .addMixIn(org.kaowu.api.rules.Course.class, CourseMixin.class)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Function<String, URL> entries;
    private final Map<String, String> texts = new HashMap<>();
    private final List<RegionDataException.Problem> problems = new java.util.ArrayList<>();

    private RegionDataReader(Function<String, URL> entries) {
        this.entries = entries;
    }

    /**
     * Reads the data of region {@code code}.
     *
     * @param entries finds a file by its path relative to the bundle root (e.g. "kaowu-region/fees.json"),
     *                null when absent; for a bundle, {@code bundle::getEntry}
     */
    public static RegionData read(String code, Function<String, URL> entries) throws RegionDataException {
        return new RegionDataReader(entries).read(code);
    }

    /** Reads the data files in {@code folder} (a region project's {@code src/main/resources/kaowu-region}). */
    public static RegionData readDirectory(String code, Path folder) throws RegionDataException {
        return read(code, name -> {
            Path file = folder.resolve(name.substring(FOLDER.length() + 1));
            try {
                return Files.isRegularFile(file) ? file.toUri().toURL() : null;
            } catch (MalformedURLException e) {
                return null;
            }
        });
    }

    /** Every file a region's data may have, in the order they are read. */
    static final List<String> FILES = List.of("region.json", "offices.json", "exam-areas.json", ASSISTANCE_UNITS, "registration.json",
            "calendar.json", "fees.json", "policies.json", "catalogue.json", "messages.json", "ticket-number.json");

    /**
     * The SHA-256 (hex) of a region's data files as they are, byte for byte: two bundles with the same
     * digest serve the same rules. Each present file counts with its name and length, so moving bytes
     * from one file to another changes it too.
     */
    public static String digest(Function<String, URL> entries) throws IOException {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        for (String name : FILES) {
            URL url = entries.apply(FOLDER + "/" + name);
            if (url == null) {
                continue;
            }
            byte[] bytes;
            try (InputStream in = url.openStream()) {
                bytes = in.readAllBytes();
            }
            sha.update((name + "\n" + bytes.length + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(bytes);
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    abstract static class LocalizedTextMixin {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        LocalizedTextMixin(Map<String, String> values) {
        }
    }

    /** Records with a second, shorter constructor: the data files are read through the canonical one. */
    abstract static class ExamSessionMixin {
        @JsonCreator
        ExamSessionMixin(@com.fasterxml.jackson.annotation.JsonProperty("id") String id,
                @com.fasterxml.jackson.annotation.JsonProperty("date") java.time.LocalDate date,
                @com.fasterxml.jackson.annotation.JsonProperty("starts") java.time.LocalTime starts,
                @com.fasterxml.jackson.annotation.JsonProperty("ends") java.time.LocalTime ends,
                @com.fasterxml.jackson.annotation.JsonProperty("courses") List<String> courses) {
        }
    }

    abstract static class SittingMixin {
        @JsonCreator
        SittingMixin(@com.fasterxml.jackson.annotation.JsonProperty("code") String code,
                @com.fasterxml.jackson.annotation.JsonProperty("names") LocalizedText names,
                @com.fasterxml.jackson.annotation.JsonProperty("enrollment") List<org.kaowu.api.rules.EnrollmentWindow> enrollment,
                @com.fasterxml.jackson.annotation.JsonProperty("sessions") List<org.kaowu.api.rules.ExamSession> sessions,
                @com.fasterxml.jackson.annotation.JsonProperty("scorePublication") java.time.LocalDate scorePublication,
                @com.fasterxml.jackson.annotation.JsonProperty("sample") @com.fasterxml.jackson.annotation.JsonSetter(nulls = com.fasterxml.jackson.annotation.Nulls.AS_EMPTY) boolean sample) {
        }
    }

    abstract static class CourseMixin {
        @JsonCreator
        CourseMixin(@com.fasterxml.jackson.annotation.JsonProperty("code") String code,
                @com.fasterxml.jackson.annotation.JsonProperty("names") LocalizedText names,
                @com.fasterxml.jackson.annotation.JsonProperty("credits") int credits,
                @com.fasterxml.jackson.annotation.JsonProperty("kind") org.kaowu.api.rules.Course.Kind kind,
                @com.fasterxml.jackson.annotation.JsonProperty("grading") org.kaowu.api.rules.Course.Grading grading) {
        }
    }

    abstract static class MajorMixin {
        @JsonCreator
        MajorMixin(@com.fasterxml.jackson.annotation.JsonProperty("code") String code,
                @com.fasterxml.jackson.annotation.JsonProperty("names") LocalizedText names,
                @com.fasterxml.jackson.annotation.JsonProperty("level") org.kaowu.api.rules.Major.Level level,
                @com.fasterxml.jackson.annotation.JsonProperty("hostUniversity") String hostUniversity,
                @com.fasterxml.jackson.annotation.JsonProperty("courses") List<String> courses,
                @com.fasterxml.jackson.annotation.JsonProperty("groupOnly") @com.fasterxml.jackson.annotation.JsonSetter(nulls = com.fasterxml.jackson.annotation.Nulls.AS_EMPTY) boolean groupOnly) {
        }
    }

    record RegionFile(String code, LocalizedText names, ZoneId timeZone, List<String> locales,
            Set<IdentityDocumentType> identityDocuments, boolean emailRequired, String defaultRegistrationOffice,
            List<ExamLanguage> examLanguages) {
        RegionFile {
            required(code, "code");
            required(names, "names");
            required(timeZone, "timeZone");
            nonEmpty(locales, "locales");
            nonEmpty(identityDocuments, "identityDocuments");
            required(defaultRegistrationOffice, "defaultRegistrationOffice");
            nonEmpty(examLanguages, "examLanguages");
        }
    }

    record OfficesFile(List<Office> offices) {
        OfficesFile {
            nonEmpty(offices, "offices");
            for (Office o : offices) {
                required(o.code(), "office code");
                required(o.names(), "office " + o.code() + " names");
                required(o.level(), "office " + o.code() + " level");
                required(o.parentCode(), "office " + o.code() + " parentCode (\"\" for the province office)");
            }
        }
    }

    record ExamAreasFile(List<ExamArea> examAreas) {
        ExamAreasFile {
            nonEmpty(examAreas, "examAreas");
        }
    }

    record RegistrationFile(Flow flow, List<ConfirmationMethod> confirmation, Recovery recovery) {
        RegistrationFile {
            required(flow, "flow");
            required(confirmation, "confirmation");
            required(recovery, "recovery");
        }
    }

    /** {@code sampleSittings}: the codes of the sittings whose dates are examples (optional, none by default). */
    record CalendarFile(List<Sitting> sittings, List<DailyLock> dailyLocks, WorkingDays workingDays, ScoreDeadlines deadlines,
            Set<String> sampleSittings, Map<String, java.time.LocalDate> admissionNotices, List<LocalizedText> examDayRules) {
        CalendarFile {
            sampleSittings = sampleSittings == null ? Set.of() : Set.copyOf(sampleSittings);
            admissionNotices = admissionNotices == null ? Map.of() : Map.copyOf(admissionNotices);
            examDayRules = examDayRules == null ? List.of() : List.copyOf(examDayRules);
            required(sittings, "sittings");
            required(dailyLocks, "dailyLocks");
            required(workingDays, "workingDays");
            required(deadlines, "deadlines");
        }
    }

    record ScoreValidityFile(Period validFor, LocalizedText note) {
    }

    record PoliciesFile(ScoreValidityFile scoreValidity, PhotoRequirements photo) {
        PoliciesFile {
            required(scoreValidity, "scoreValidity");
            required(photo, "photo");
        }
    }

    record MessagesFile(Map<String, LocalizedText> messages) {
        MessagesFile {
            required(messages, "messages");
        }
    }

    /** {@code sample} marks units that are examples rather than the authority's list. */
    record AssistanceUnitsFile(Boolean sample, List<AssistanceUnit> assistanceUnits) {
        AssistanceUnitsFile {
            required(assistanceUnits, "assistanceUnits");
        }
    }

    private RegionData read(String code) throws RegionDataException {
        RegionFile region = file("region.json", RegionFile.class);
        if (region != null && !region.code().equals(code)) {
            problem("region.json", '"' + region.code() + '"', "code '" + region.code() + "' differs from the bundle's "
                    + HEADER + " header '" + code + "'");
        }
        OfficesFile officesFile = file("offices.json", OfficesFile.class);
        List<Office> offices = officesFile == null ? null : officesFile.offices();
        Map<String, Office> byCode = Map.of();
        if (offices != null) {
            checkOffices(offices);
            byCode = offices.stream().collect(Collectors.toMap(Office::code, o -> o, (a, b) -> a));
        }
        if (region != null && offices != null) {
            Office defaultOffice = byCode.get(region.defaultRegistrationOffice());
            if (defaultOffice == null || defaultOffice.level() != OfficeLevel.COUNTY) {
                problem("region.json", '"' + region.defaultRegistrationOffice() + '"', "defaultRegistrationOffice '"
                        + region.defaultRegistrationOffice() + "' is not a county office in offices.json");
            }
        }
        ExamAreasFile areasFile = file("exam-areas.json", ExamAreasFile.class);
        List<ExamArea> areas = areasFile == null ? null : areasFile.examAreas();
        if (areas != null) {
            checkUnique("exam-areas.json", areas.stream().map(ExamArea::code).toList(), "exam area");
            for (ExamArea a : offices == null ? List.<ExamArea>of() : areas) {
                if (!byCode.containsKey(a.office())) {
                    problem("exam-areas.json", '"' + a.office() + '"', "exam area " + a.code() + " names office " + a.office()
                            + ", which offices.json does not list");
                }
            }
        }
        List<AssistanceUnit> units = List.of();
        if (entries.apply(FOLDER + "/" + ASSISTANCE_UNITS) != null) {
            AssistanceUnitsFile unitsFile = file(ASSISTANCE_UNITS, AssistanceUnitsFile.class);
            units = unitsFile == null ? null : unitsFile.assistanceUnits();
            if (units != null) {
                checkUnique(ASSISTANCE_UNITS, units.stream().map(AssistanceUnit::code).toList(), "assistance unit");
                for (AssistanceUnit u : offices == null ? List.<AssistanceUnit>of() : units) {
                    if (!byCode.containsKey(u.office())) {
                        problem(ASSISTANCE_UNITS, '"' + u.office() + '"', "assistance unit " + u.code() + " names office " + u.office()
                                + ", which offices.json does not list");
                    }
                }
            }
        }
        RegistrationFile registration = file("registration.json", RegistrationFile.class);
        if (registration != null) {
            checkConfirmation(registration, units);
        }
        CalendarFile calendar = file("calendar.json", CalendarFile.class);
        if (calendar != null) {
            checkUnique("calendar.json", calendar.sittings().stream().map(Sitting::code).toList(), "sitting");
            Set<String> sittings = calendar.sittings().stream().map(Sitting::code).collect(Collectors.toSet());
            for (String c : new java.util.TreeSet<>(calendar.sampleSittings())) {
                if (!sittings.contains(c)) {
                    problem("calendar.json", '"' + c + '"', "sampleSittings names sitting " + c + ", which sittings does not list");
                }
            }
            for (Map.Entry<String, java.time.LocalDate> n : new java.util.TreeMap<>(calendar.admissionNotices()).entrySet()) {
                Optional<Sitting> s = calendar.sittings().stream().filter(x -> x.code().equals(n.getKey())).findFirst();
                if (s.isEmpty()) {
                    problem("calendar.json", '"' + n.getKey() + '"', "admissionNotices names sitting " + n.getKey() + ", which sittings does not list");
                } else {
                    java.time.LocalDate first = s.get().sessions().stream().map(org.kaowu.api.rules.ExamSession::date)
                            .min(java.util.Comparator.naturalOrder()).orElseThrow();
                    if (n.getValue().isAfter(first)) {
                        problem("calendar.json", '"' + n.getKey() + '"', "admissionNotices of sitting " + n.getKey() + " open on " + n.getValue()
                                + ", after its first session on " + first);
                    }
                }
            }
        }
        Fees fees = file("fees.json", Fees.class);
        PoliciesFile policies = file("policies.json", PoliciesFile.class);
        ScoreValidity validity = null;
        if (policies != null) {
            try {
                validity = new ScoreValidity(Optional.ofNullable(policies.scoreValidity().validFor()), policies.scoreValidity().note());
            } catch (IllegalArgumentException e) {
                problem("policies.json", "\"scoreValidity\"", e.getMessage());
            }
        }
        CourseCatalogue catalogue = file("catalogue.json", CourseCatalogue.class);
        if (calendar != null && catalogue != null) {
            checkTimetables(calendar.sittings(), catalogue);
        }
        MessagesFile messages = file("messages.json", MessagesFile.class);
        Optional<TicketPattern> ticket = Optional.empty();
        if (entries.apply(FOLDER + "/ticket-number.json") != null) {
            TicketPattern pattern = file("ticket-number.json", TicketPattern.class);
            if (pattern != null && offices != null) {
                try {
                    for (Office o : offices) {
                        if (o.level() == OfficeLevel.COUNTY) {
                            pattern.structure(o.code());
                        }
                    }
                } catch (IllegalArgumentException e) {
                    problem("ticket-number.json", "\"OFFICE\"", e.getMessage());
                }
            }
            ticket = Optional.ofNullable(pattern);
        }
        if (!problems.isEmpty()) {
            throw new RegionDataException(problems);
        }
        return new RegionData(region.code(), region.names(), region.timeZone(), List.copyOf(region.locales()),
                Set.copyOf(region.identityDocuments()), region.emailRequired(), region.defaultRegistrationOffice(),
                List.copyOf(region.examLanguages()), List.copyOf(offices), List.copyOf(areas), registration.flow(),
                List.copyOf(registration.confirmation()), registration.recovery(), calendar.sittings(), calendar.dailyLocks(),
                calendar.workingDays(), calendar.deadlines(), fees, validity, policies.photo(), catalogue,
                Map.copyOf(messages.messages()), ticket, List.copyOf(units),
                calendar.sampleSittings(), calendar.admissionNotices(), calendar.examDayRules());
    }

    /** Every course a timetable names is in the catalogue (a course in two sessions the sitting itself refuses). */
    private void checkTimetables(List<Sitting> sittings, CourseCatalogue catalogue) {
        Set<String> courses = catalogue.courses().stream().map(org.kaowu.api.rules.Course::code).collect(Collectors.toSet());
        for (Sitting s : sittings) {
            for (org.kaowu.api.rules.ExamSession session : s.sessions()) {
                for (String c : session.courses()) {
                    if (!courses.contains(c)) {
                        problem("calendar.json", '"' + c + '"', "sitting " + s.code() + " session " + session.id() + " names course " + c
                                + ", which catalogue.json does not list");
                    }
                }
            }
        }
    }

    /**
     * The flow against the confirmation methods: methods are offered only where a step of the flow is an
     * IDENTITY_CONFIRMATION, and each such step can be done by an offered method of its actor (the candidate
     * online, an office on site, an assistance unit for its own candidates). A unit can only confirm when
     * the region has units.
     */
    private void checkConfirmation(RegistrationFile registration, List<AssistanceUnit> units) {
        Flow flow = registration.flow();
        Set<ConfirmationMethod.Kind> offered = registration.confirmation().stream().map(ConfirmationMethod::kind)
                .collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(ConfirmationMethod.Kind.class)));
        List<RegistrationStep> steps = new java.util.ArrayList<>(flow.newCandidates());
        steps.addAll(flow.returningCandidates());
        List<RegistrationStep> confirming = steps.stream().filter(s -> s.kind() == RegistrationStep.Kind.IDENTITY_CONFIRMATION).toList();
        if (confirming.isEmpty() && !offered.isEmpty()) {
            problem("registration.json", "\"confirmation\"", "confirmation offers " + offered + ", but no step of the flow is an "
                    + "IDENTITY_CONFIRMATION: add the step where candidates are confirmed, or list no method");
        }
        for (RegistrationStep step : confirming) {
            ConfirmationMethod.Kind needed = switch (step.actor()) {
                case CANDIDATE -> ConfirmationMethod.Kind.ONLINE;
                case OFFICE -> ConfirmationMethod.Kind.ON_SITE;
                case ASSISTANCE_UNIT -> ConfirmationMethod.Kind.ASSISTANCE_UNIT;
            };
            if (!offered.contains(needed)) {
                problem("registration.json", "\"" + step.code() + "\"", "step " + step.code() + " is an IDENTITY_CONFIRMATION by the "
                        + step.actor() + ", which needs the confirmation method " + needed + ", but confirmation offers "
                        + (offered.isEmpty() ? "none" : offered.toString()));
            }
        }
        if (offered.contains(ConfirmationMethod.Kind.ASSISTANCE_UNIT) && units != null && units.isEmpty()) {
            problem("registration.json", "\"ASSISTANCE_UNIT\"", "confirmation offers ASSISTANCE_UNIT, but the region lists no "
                    + "assistance unit (" + ASSISTANCE_UNITS + ")");
        }
    }

    private void checkOffices(List<Office> offices) {
        checkUnique("offices.json", offices.stream().map(Office::code).toList(), "office");
        Map<String, Office> byCode = offices.stream().collect(Collectors.toMap(Office::code, o -> o, (a, b) -> a));
        long provinces = offices.stream().filter(o -> o.level() == OfficeLevel.PROVINCE).count();
        if (provinces != 1) {
            problem("offices.json", "\"PROVINCE\"", "there must be exactly one PROVINCE office, not " + provinces);
        }
        for (Office o : offices) {
            if (o.level() == OfficeLevel.PROVINCE) {
                if (!o.parentCode().isEmpty()) {
                    problem("offices.json", '"' + o.code() + '"', "the province office has no parent; parentCode must be \"\"");
                }
                continue;
            }
            Office parent = byCode.get(o.parentCode());
            if (parent == null || parent.level().compareTo(o.level()) >= 0) {
                problem("offices.json", '"' + o.code() + '"', "office " + o.code() + " (" + o.level() + ") names parent '"
                        + o.parentCode() + "', which is not an office above it");
            }
        }
    }

    private void checkUnique(String file, List<String> codes, String what) {
        Set<String> seen = new java.util.HashSet<>();
        for (String c : codes) {
            if (!seen.add(c)) {
                problem(file, '"' + c + '"', what + " '" + c + "' appears twice");
            }
        }
    }

    /**
     * Reads one file as {@code type}; null when it is missing or broken, with every problem found in it
     * added. A file that binds whole is read once; a broken one is read again part by part (each property of
     * a record, each element of a list, each value of a map), so that each broken part is reported at its
     * own line instead of only the first.
     */
    private <T> T file(String name, Class<T> type) {
        String path = FOLDER + "/" + name;
        URL url = entries.apply(path);
        if (url == null) {
            problems.add(new RegionDataException.Problem(path, 0, 0, "", "the file is missing"));
            return null;
        }
        String text;
        try (InputStream in = url.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new RegionDataException.Problem(path, 0, 0, "", "cannot be read: " + e.getMessage()));
            return null;
        }
        texts.put(name, text);
        try {
            T value = MAPPER.readValue(text, type);
            if (value == null) {
                problems.add(new RegionDataException.Problem(path, 1, 1, "", "the file holds null instead of an object"));
            }
            return value;
        } catch (JsonProcessingException e) {
            JsonNode tree;
            try {
                tree = MAPPER.readTree(text);
            } catch (JsonProcessingException syntax) {
                // Not JSON: nothing after the first syntax error can be trusted.
                problems.add(located(name, "", syntax));
                return null;
            }
            List<RegionDataException.Problem> found = new java.util.ArrayList<>();
            parts(name, text, tree, "", MAPPER.constructType(type), found);
            if (found.isEmpty()) {
                found.add(located(name, "", e));
            }
            problems.addAll(found);
            return null;
        }
    }

    /**
     * Binds the value at {@code pointer} as {@code type}; when that fails, looks for the broken parts
     * inside it and adds their problems, or the value's own problem when every part binds alone (a rule
     * across its parts, a missing or unknown property).
     */
    private void parts(String name, String text, JsonNode node, String pointer, JavaType type, List<RegionDataException.Problem> found) {
        JsonProcessingException failure;
        try {
            bindAt(text, pointer, type);
            return;
        } catch (JsonProcessingException e) {
            failure = e;
        } catch (IOException e) {
            found.add(new RegionDataException.Problem(FOLDER + "/" + name, 0, 0, dotted(pointer), e.getMessage()));
            return;
        }
        int before = found.size();
        Class<?> raw = type.getRawClass();
        if (raw.isRecord() && node.isObject()) {
            for (RecordComponent c : raw.getRecordComponents()) {
                JsonNode child = node.get(c.getName());
                if (child != null && !child.isNull()) {
                    parts(name, text, child, pointer + "/" + c.getName(), MAPPER.getTypeFactory().constructType(c.getGenericType()), found);
                }
            }
        } else if (type.isCollectionLikeType() && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                parts(name, text, node.get(i), pointer + "/" + i, type.getContentType(), found);
            }
        } else if (type.isMapLikeType() && node.isObject() && !LocalizedText.class.equals(raw)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                parts(name, text, f.getValue(), pointer + "/" + f.getKey(), type.getContentType(), found);
            }
        }
        if (found.size() == before) {
            found.add(located(name, pointer, failure));
        }
    }

    /** Reads the value at {@code pointer} of {@code text} as {@code type}, from the text itself so that errors carry its lines. */
    private static Object bindAt(String text, String pointer, JavaType type) throws IOException {
        try (JsonParser p = MAPPER.createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY
                        && p.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    return MAPPER.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(p);
                }
            }
        }
        throw new IOException("no value at " + pointer);
    }

    /** A Jackson failure as a problem, its path below {@code pointer} (where the failing value was read from). */
    private RegionDataException.Problem located(String name, String pointer, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String problem = e.getOriginalMessage();
        if (e instanceof ValueInstantiationException && e.getCause() != null && e.getCause().getMessage() != null) {
            problem = e.getCause().getMessage();
        }
        String below = e instanceof JsonMappingException m ? path(m.getPath()) : "";
        String prefix = dotted(pointer);
        String where = prefix.isEmpty() ? below : below.isEmpty() ? prefix : below.startsWith("[") ? prefix + below : prefix + "." + below;
        String first = problem.lines().findFirst().orElse(problem);
        if (where.isEmpty() && e instanceof ValueInstantiationException) {
            // A check across the whole file failed when its last brace was read: point at the first
            // value the problem names instead (e.g. the major that lists an unknown course).
            RegionDataException.Problem named = problemAtNamedValue(name, first);
            if (named != null) {
                return named;
            }
        }
        return new RegionDataException.Problem(FOLDER + "/" + name, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                where, first);
    }

    /** "/sittings/0/enrollment/1" as "sittings[0].enrollment[1]". */
    private static String dotted(String pointer) {
        StringBuilder b = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.chars().allMatch(Character::isDigit)) {
                b.append('[').append(part).append(']');
            } else {
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return b.toString();
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : references) {
            if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            }
        }
        return b.toString();
    }

    /** The problem at the line of the first word of it that is a quoted value in the file, or null. */
    private RegionDataException.Problem problemAtNamedValue(String name, String problem) {
        String text = texts.getOrDefault(name, "");
        for (String word : problem.split("[^A-Za-z0-9._-]+")) {
            if (!word.isEmpty() && text.contains('"' + word + '"')) {
                return at(name, '"' + word + '"', problem);
            }
        }
        return null;
    }

    /** Adds a problem found across values: named at the first line of the file that holds {@code needle}. */
    private void problem(String name, String needle, String problem) {
        problems.add(at(name, needle, problem));
    }

    private RegionDataException.Problem at(String name, String needle, String problem) {
        String text = texts.getOrDefault(name, "");
        int line = 0;
        int n = 1;
        for (String l : text.split("\n", -1)) {
            if (l.contains(needle)) {
                line = n;
                break;
            }
            n++;
        }
        return new RegionDataException.Problem(FOLDER + "/" + name, line, 0, "", problem);
    }

    private static void required(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    private static void nonEmpty(java.util.Collection<?> value, String name) {
        required(value, name);
        if (value.isEmpty() || value.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException(name + " must list at least one value and no null");
        }
    }
}
