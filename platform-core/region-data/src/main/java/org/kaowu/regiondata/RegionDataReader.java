package org.kaowu.regiondata;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import java.time.ZoneId;
import java.util.HashMap;
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
 * named by exam areas exist, the default registration office is a county office, ...). The first problem
 * found is thrown as a {@link RegionDataException} naming file, line and problem.
 * <p>
 * The files, under {@value #FOLDER}/: region.json, offices.json, exam-areas.json, registration.json,
 * calendar.json, fees.json, policies.json, catalogue.json, messages.json, and optionally ticket-number.json.
 */
public final class RegionDataReader {
    /** The folder of a region bundle that holds its data files. */
    public static final String FOLDER = "kaowu-region";
    /** The manifest header that marks a region bundle; its value is the region code. */
    public static final String HEADER = "Kaowu-Region";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addMixIn(LocalizedText.class, LocalizedTextMixin.class)
            .addMixIn(org.kaowu.api.rules.ExamSession.class, ExamSessionMixin.class)
            .addMixIn(Sitting.class, SittingMixin.class)
            .addMixIn(org.kaowu.api.rules.Major.class, MajorMixin.class)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Function<String, URL> entries;
    private final Map<String, String> texts = new HashMap<>();

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
            boolean confirms = flow.newCandidates().stream().anyMatch(s -> s.kind() == RegistrationStep.Kind.IDENTITY_CONFIRMATION);
            if (confirms && confirmation.isEmpty()) {
                throw new IllegalArgumentException("the flow has an IDENTITY_CONFIRMATION step, so confirmation must list a method");
            }
        }
    }

    record CalendarFile(List<Sitting> sittings, List<DailyLock> dailyLocks, WorkingDays workingDays, ScoreDeadlines deadlines) {
        CalendarFile {
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

    private RegionData read(String code) throws RegionDataException {
        RegionFile region = file("region.json", RegionFile.class);
        if (!region.code().equals(code)) {
            throw problem("region.json", '"' + region.code() + '"', "code '" + region.code() + "' differs from the bundle's "
                    + HEADER + " header '" + code + "'");
        }
        List<Office> offices = file("offices.json", OfficesFile.class).offices();
        checkOffices(offices);
        Map<String, Office> byCode = offices.stream().collect(Collectors.toMap(Office::code, o -> o));
        Office defaultOffice = byCode.get(region.defaultRegistrationOffice());
        if (defaultOffice == null || defaultOffice.level() != OfficeLevel.COUNTY) {
            throw problem("region.json", '"' + region.defaultRegistrationOffice() + '"', "defaultRegistrationOffice '"
                    + region.defaultRegistrationOffice() + "' is not a county office in offices.json");
        }
        List<ExamArea> areas = file("exam-areas.json", ExamAreasFile.class).examAreas();
        checkUnique("exam-areas.json", areas.stream().map(ExamArea::code).toList(), "exam area");
        for (ExamArea a : areas) {
            if (!byCode.containsKey(a.office())) {
                throw problem("exam-areas.json", '"' + a.office() + '"', "exam area " + a.code() + " names office " + a.office()
                        + ", which offices.json does not list");
            }
        }
        RegistrationFile registration = file("registration.json", RegistrationFile.class);
        CalendarFile calendar = file("calendar.json", CalendarFile.class);
        checkUnique("calendar.json", calendar.sittings().stream().map(Sitting::code).toList(), "sitting");
        Fees fees = file("fees.json", Fees.class);
        PoliciesFile policies = file("policies.json", PoliciesFile.class);
        ScoreValidity validity;
        try {
            validity = new ScoreValidity(Optional.ofNullable(policies.scoreValidity().validFor()),
                    policies.scoreValidity().note());
        } catch (IllegalArgumentException e) {
            throw problem("policies.json", "\"scoreValidity\"", e.getMessage());
        }
        CourseCatalogue catalogue = file("catalogue.json", CourseCatalogue.class);
        checkTimetables(calendar.sittings(), catalogue);
        Map<String, LocalizedText> messages = file("messages.json", MessagesFile.class).messages();
        Optional<TicketPattern> ticket = Optional.empty();
        if (entries.apply(FOLDER + "/ticket-number.json") != null) {
            TicketPattern pattern = file("ticket-number.json", TicketPattern.class);
            try {
                for (Office o : offices) {
                    if (o.level() == OfficeLevel.COUNTY) {
                        pattern.structure(o.code());
                    }
                }
            } catch (IllegalArgumentException e) {
                throw problem("ticket-number.json", "\"OFFICE\"", e.getMessage());
            }
            ticket = Optional.of(pattern);
        }
        return new RegionData(region.code(), region.names(), region.timeZone(), List.copyOf(region.locales()),
                Set.copyOf(region.identityDocuments()), region.emailRequired(), region.defaultRegistrationOffice(),
                List.copyOf(region.examLanguages()), List.copyOf(offices), List.copyOf(areas), registration.flow(),
                List.copyOf(registration.confirmation()), registration.recovery(), calendar.sittings(), calendar.dailyLocks(),
                calendar.workingDays(), calendar.deadlines(), fees, validity, policies.photo(), catalogue, Map.copyOf(messages),
                ticket);
    }

    /** Every course a timetable names is in the catalogue (a course in two sessions the sitting itself refuses). */
    private void checkTimetables(List<Sitting> sittings, CourseCatalogue catalogue) throws RegionDataException {
        Set<String> courses = catalogue.courses().stream().map(org.kaowu.api.rules.Course::code).collect(Collectors.toSet());
        for (Sitting s : sittings) {
            for (org.kaowu.api.rules.ExamSession session : s.sessions()) {
                for (String c : session.courses()) {
                    if (!courses.contains(c)) {
                        throw problem("calendar.json", '"' + c + '"', "sitting " + s.code() + " session " + session.id() + " names course " + c
                                + ", which catalogue.json does not list");
                    }
                }
            }
        }
    }

    private void checkOffices(List<Office> offices) throws RegionDataException {
        checkUnique("offices.json", offices.stream().map(Office::code).toList(), "office");
        Map<String, Office> byCode = offices.stream().collect(Collectors.toMap(Office::code, o -> o));
        long provinces = offices.stream().filter(o -> o.level() == OfficeLevel.PROVINCE).count();
        if (provinces != 1) {
            throw problem("offices.json", "\"PROVINCE\"", "there must be exactly one PROVINCE office, not " + provinces);
        }
        for (Office o : offices) {
            if (o.level() == OfficeLevel.PROVINCE) {
                if (!o.parentCode().isEmpty()) {
                    throw problem("offices.json", '"' + o.code() + '"', "the province office has no parent; parentCode must be \"\"");
                }
                continue;
            }
            Office parent = byCode.get(o.parentCode());
            if (parent == null || parent.level().compareTo(o.level()) >= 0) {
                throw problem("offices.json", '"' + o.code() + '"', "office " + o.code() + " (" + o.level() + ") names parent '"
                        + o.parentCode() + "', which is not an office above it");
            }
        }
    }

    private void checkUnique(String file, List<String> codes, String what) throws RegionDataException {
        Set<String> seen = new java.util.HashSet<>();
        for (String c : codes) {
            if (!seen.add(c)) {
                throw problem(file, '"' + c + '"', what + " '" + c + "' appears twice");
            }
        }
    }

    private <T> T file(String name, Class<T> type) throws RegionDataException {
        String path = FOLDER + "/" + name;
        URL url = entries.apply(path);
        if (url == null) {
            throw new RegionDataException(path, 0, 0, "", "the file is missing");
        }
        String text;
        try (InputStream in = url.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RegionDataException(path, 0, 0, "", "cannot be read: " + e.getMessage());
        }
        texts.put(name, text);
        try {
            T value = MAPPER.readValue(text, type);
            if (value == null) {
                throw new RegionDataException(path, 1, 1, "", "the file holds null instead of an object");
            }
            return value;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String problem = e.getOriginalMessage();
            if (e instanceof ValueInstantiationException && e.getCause() != null && e.getCause().getMessage() != null) {
                problem = e.getCause().getMessage();
            }
            String where = e instanceof JsonMappingException m ? path(m.getPath()) : "";
            String first = problem.lines().findFirst().orElse(problem);
            if (where.isEmpty() && e instanceof ValueInstantiationException) {
                // A check across the whole file failed when its last brace was read: point at the first
                // value the problem names instead (e.g. the major that lists an unknown course).
                RegionDataException named = problemAtNamedValue(name, first);
                if (named != null) {
                    throw named;
                }
            }
            throw new RegionDataException(path, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), where, first);
        }
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
    private RegionDataException problemAtNamedValue(String name, String problem) {
        String text = texts.getOrDefault(name, "");
        for (String word : problem.split("[^A-Za-z0-9._-]+")) {
            if (!word.isEmpty() && text.contains('"' + word + '"')) {
                return problem(name, '"' + word + '"', problem);
            }
        }
        return null;
    }

    /** A problem found across values: named at the first line of the file that holds {@code needle}. */
    private RegionDataException problem(String name, String needle, String problem) {
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
        return new RegionDataException(FOLDER + "/" + name, line, 0, "", problem);
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
