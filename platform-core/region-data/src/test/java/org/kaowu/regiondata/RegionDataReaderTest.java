package org.kaowu.regiondata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken region data is refused with file, line and problem; valid data reads whole. */
class RegionDataReaderTest {
    private static final Path VALID = Path.of("src/test/resources/testland/kaowu-region");

    @TempDir
    Path dir;

    @BeforeEach
    void copyValidData() throws IOException {
        try (Stream<Path> files = Files.list(VALID)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    private void edit(String file, String from, String to) throws IOException {
        Path f = dir.resolve(file);
        String text = Files.readString(f);
        assertThat(text).as("test setup: %s contains %s", file, from).contains(from);
        Files.writeString(f, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
    }

    private int lineOf(String file, String needle) throws IOException {
        java.util.List<String> lines = Files.readAllLines(dir.resolve(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in " + file);
    }

    @Test
    void validDataReadsWhole() throws Exception {
        RegionData data = RegionDataReader.readDirectory("testland", dir);
        assertThat(data.code()).isEqualTo("testland");
        assertThat(data.offices()).isNotEmpty();
        assertThat(data.ticketNumber()).isPresent();
        assertThat(data.sittings()).isNotEmpty();
    }

    @Test
    void aWindowThatClosesBeforeItOpensIsRefusedWithItsLine() throws IOException {
        edit("calendar.json", "\"closes\": \"2026-03-06T17:00\"", "\"closes\": \"2026-02-27T17:00\"");
        int line = lineOf("calendar.json", "2026-02-27T17:00");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .isInstanceOfSatisfying(RegionDataException.class, e -> {
                    assertThat(e.file()).isEqualTo("kaowu-region/calendar.json");
                    assertThat(e.line()).isBetween(line, line + 1);
                    assertThat(e.getMessage()).contains("sittings[0].enrollment[0]").contains("closes (2026-02-27T17:00) before it opens");
                });
    }

    @Test
    void anUnknownFieldIsRefused() throws IOException {
        edit("fees.json", "\"basis\": \"PER_COURSE\"", "\"basis\": \"PER_COURSE\", \"discount\": 5");
        int line = lineOf("fees.json", "discount");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .isInstanceOfSatisfying(RegionDataException.class, e -> {
                    assertThat(e.getMessage()).startsWith("kaowu-region/fees.json line " + line).contains("discount");
                });
    }

    @Test
    void aNegativeFeeIsRefused() throws IOException {
        edit("fees.json", "\"amount\": 43.0", "\"amount\": -43.0");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .hasMessageContaining("kaowu-region/fees.json line ").hasMessageContaining("fee per-course amount -43.0 must be 0 or more");
    }

    @Test
    void anExamAreaOfAnUnknownOfficeIsRefusedAtItsLine() throws IOException {
        edit("exam-areas.json", "\"office\": \"500104\"", "\"office\": \"509999\"");
        int line = lineOf("exam-areas.json", "509999");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .hasMessage("kaowu-region/exam-areas.json line " + line + ": exam area 500104 names office 509999, which offices.json does not list");
    }

    @Test
    void malformedJsonIsRefusedAtItsLine() throws IOException {
        edit("catalogue.json", "\"sample\": true,", "\"sample\": true,,");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .hasMessageStartingWith("kaowu-region/catalogue.json line 2");
    }

    @Test
    void aMakeUpDayOnAWeekdayIsRefused() throws IOException {
        edit("calendar.json", "\"2026-05-09\"", "\"2026-05-08\"");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .hasMessageContaining("kaowu-region/calendar.json line").hasMessageContaining("make-up working day 2026-05-08 is a FRIDAY");
    }

    @Test
    void aMissingFileAndAWrongCodeAreRefused() throws IOException {
        assertThatThrownBy(() -> RegionDataReader.readDirectory("otherland", dir))
                .hasMessageContaining("kaowu-region/region.json line 2").hasMessageContaining("differs from the bundle's Kaowu-Region header 'otherland'");
        Files.delete(dir.resolve("policies.json"));
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .hasMessage("kaowu-region/policies.json: the file is missing");
    }

    @Test
    void aMajorNamingAnUnlistedCourseIsRefused() throws IOException {
        edit("catalogue.json", "\"code\": \"04747\"", "\"code\": \"04748\"");
        int line = lineOf("catalogue.json", "\"080901\"");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .hasMessage("kaowu-region/catalogue.json line " + line + ": major 080901 names course 04747, which is not listed");
    }

    @Test
    void theTimetableReadsWithStableSessionIds() throws Exception {
        RegionData data = RegionDataReader.readDirectory("testland", dir);
        org.kaowu.api.rules.Sitting april = data.sittings().get(0);
        assertThat(april.sample()).isTrue();
        assertThat(april.sessions().get(0).id()).isEqualTo("2026-04-11-am");
        assertThat(april.sessionOf("03708")).map(org.kaowu.api.rules.ExamSession::id).contains("2026-04-11-am");
        assertThat(april.sessionOf("06999")).isEmpty();
    }

    @Test
    void aTimetableNamingAnUnknownCourseIsRefusedAtItsLine() throws IOException {
        edit("calendar.json", "\"02331\"", "\"09999\"");
        int line = lineOf("calendar.json", "\"09999\"");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .hasMessage("kaowu-region/calendar.json line " + line
                        + ": sitting 2026-04 session 2026-04-11-am names course 09999, which catalogue.json does not list");
    }

    @Test
    void aCourseInTwoSessionsOfOneSittingIsRefusedWithItsLine() throws IOException {
        edit("calendar.json", "\"00041\"", "\"02331\"");
        int line = lineOf("calendar.json", "\"scorePublication\"");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .isInstanceOfSatisfying(RegionDataException.class, e -> {
                    assertThat(e.file()).isEqualTo("kaowu-region/calendar.json");
                    assertThat(e.line()).isBetween(line, line + 2);
                    assertThat(e.getMessage()).contains("sittings[0]")
                            .contains("course 02331 is in two sessions, 2026-04-11-am and 2026-04-11-pm");
                });
    }

    @Test
    void aDataFileWithThreeErrorsReportsThree() throws IOException {
        // two windows of two sittings and a fee: before, only the first was named
        edit("calendar.json", "\"closes\": \"2026-03-06T17:00\"", "\"closes\": \"2026-02-27T17:00\"");
        edit("calendar.json", "\"closes\": \"2026-09-01T17:00\"", "\"closes\": \"2026-08-01T17:00\"");
        edit("fees.json", "\"amount\": 43.0", "\"amount\": -43.0");
        int first = lineOf("calendar.json", "2026-02-27T17:00");
        int second = lineOf("calendar.json", "2026-08-01T17:00");
        int fee = lineOf("fees.json", "-43.0");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .isInstanceOfSatisfying(RegionDataException.class, e -> {
                    assertThat(e.problems()).hasSize(3);
                    RegionDataException.Problem a = e.problems().get(0);
                    RegionDataException.Problem b = e.problems().get(1);
                    RegionDataException.Problem c = e.problems().get(2);
                    assertThat(a.file()).isEqualTo("kaowu-region/calendar.json");
                    assertThat(a.line()).isBetween(first, first + 1);
                    assertThat(a.column()).isPositive();
                    assertThat(a.path()).isEqualTo("sittings[0].enrollment[0]");
                    assertThat(a.problem()).contains("closes (2026-02-27T17:00) before it opens");
                    assertThat(b.file()).isEqualTo("kaowu-region/calendar.json");
                    assertThat(b.line()).isBetween(second, second + 1);
                    assertThat(b.path()).isEqualTo("sittings[1].enrollment[0]");
                    assertThat(b.problem()).contains("closes (2026-08-01T17:00) before it opens");
                    assertThat(c.file()).isEqualTo("kaowu-region/fees.json");
                    assertThat(c.line()).isBetween(fee, fee + 2);
                    assertThat(c.path()).startsWith("fees[0]");
                    assertThat(c.problem()).contains("fee per-course amount -43.0 must be 0 or more");
                    assertThat(e.getMessage()).startsWith("3 problems: 1) kaowu-region/calendar.json line ")
                            .contains("; 2) kaowu-region/calendar.json line ").contains("; 3) kaowu-region/fees.json line ");
                });
    }

    @Test
    void twoSessionsWithOneIdAreRefused() throws IOException {
        edit("calendar.json", "\"id\": \"2026-04-11-pm\"", "\"id\": \"2026-04-11-am\"");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .hasMessageContaining("kaowu-region/calendar.json line ").hasMessageContaining("session id '2026-04-11-am' appears twice");
    }

    @Test
    void problemsAcrossFilesAreAllReported() throws IOException {
        edit("exam-areas.json", "\"office\": \"500104\"", "\"office\": \"509999\"");
        Files.delete(dir.resolve("policies.json"));
        edit("catalogue.json", "\"sample\": true,", "\"sample\": true,,");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .isInstanceOfSatisfying(RegionDataException.class, e -> assertThat(e.messages()).satisfiesExactly(
                        m -> assertThat(m).contains("exam-areas.json line").contains("names office 509999"),
                        m -> assertThat(m).isEqualTo("kaowu-region/policies.json: the file is missing"),
                        m -> assertThat(m).startsWith("kaowu-region/catalogue.json line 2")));
    }

    @Test
    void confirmationMethodsWithoutAConfirmationStepAreRefused() throws IOException {
        // the testland flow has no IDENTITY_CONFIRMATION step
        edit("registration.json", "\"confirmation\": []", """
                "confirmation": [{"kind": "ON_SITE", "names": {"en": "On site"}, "requires": ["id-card"], "appliesWhen": {"en": "always"}}]""");
        int line = lineOf("registration.json", "\"confirmation\"");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .hasMessage("kaowu-region/registration.json line " + line + ": confirmation offers [ON_SITE], but no step of the flow is an "
                        + "IDENTITY_CONFIRMATION: add the step where candidates are confirmed, or list no method");
    }

    @Test
    void aConfirmationStepWhoseMethodIsNotOfferedIsRefused() throws Exception {
        edit("registration.json", "      }\n    ],\n    \"returningCandidates\"", """
                      },
                      {"code": "on-site", "kind": "IDENTITY_CONFIRMATION", "names": {"en": "On site"}, "actor": "OFFICE",
                       "requiredFields": ["photo"], "statusAfter": "REGISTERED"}
                    ],
                    "returningCandidates\"""");
        edit("registration.json", "\"confirmation\": []", """
                "confirmation": [{"kind": "ONLINE", "names": {"en": "Online"}, "requires": ["face-check"], "appliesWhen": {"en": "always"}}]""");
        int line = lineOf("registration.json", "\"on-site\"");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .hasMessage("kaowu-region/registration.json line " + line + ": step on-site is an IDENTITY_CONFIRMATION by the OFFICE, "
                        + "which needs the confirmation method ON_SITE, but confirmation offers [ONLINE]");
        edit("registration.json", "\"kind\": \"ONLINE\"", "\"kind\": \"ON_SITE\"");
        assertThat(RegionDataReader.readDirectory("testland", dir).confirmation()).hasSize(1);
    }

    @Test
    void assistanceUnitsAreReadAndMustNameAnOffice() throws Exception {
        Files.writeString(dir.resolve("assistance-units.json"), """
                {
                  "assistanceUnits": [
                    {"code": "lake-college", "names": {"en": "Lake College"}, "office": "500101"},
                    {"code": "hill-school", "names": {"en": "Hill School"}, "office": "509999"},
                    {"code": "bad code", "names": {"en": "Bad"}, "office": "500101"}
                  ]
                }
                """);
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .hasMessageStartingWith("kaowu-region/assistance-units.json line 5, column ")
                .hasMessageContaining("(assistanceUnits[2])").hasMessageContaining("assistance unit code 'bad code' must be 1 to 32");
        edit("assistance-units.json", "bad code", "river-school");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .hasMessage("kaowu-region/assistance-units.json line 4: assistance unit hill-school names office 509999, which offices.json "
                        + "does not list");
        edit("assistance-units.json", "509999", "500102");
        RegionData data = RegionDataReader.readDirectory("testland", dir);
        assertThat(data.assistanceUnits()).extracting(u -> u.code()).containsExactly("lake-college", "hill-school", "river-school");
    }

    @Test
    void theDigestChangesWithAnyByteOfTheData() throws Exception {
        String before = RegionDataReader.digest(entries());
        assertThat(before).hasSize(64).isEqualTo(RegionDataReader.digest(entries()));
        edit("fees.json", "\"amount\": 43.0", "\"amount\": 44.0");
        assertThat(RegionDataReader.digest(entries())).isNotEqualTo(before);
    }

    @Test
    void sampleSittingsMustBeSittingsOfTheCalendar() throws Exception {
        String text = Files.readString(dir.resolve("calendar.json"));
        int end = text.lastIndexOf('}');
        Files.writeString(dir.resolve("calendar.json"), text.substring(0, end) + ",\n  \"sampleSittings\": [\"2026-10\", \"2027-04\"]\n}\n");
        int line = lineOf("calendar.json", "\"2027-04\"");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .hasMessage("kaowu-region/calendar.json line " + line + ": sampleSittings names sitting 2027-04, which sittings does not list");
        edit("calendar.json", ", \"2027-04\"]", "]");
        assertThat(RegionDataReader.readDirectory("testland", dir).sampleSittings()).containsExactly("2026-10");
    }

    @Test
    void admissionNoticeDatesAndExamDayRulesAreReadAndChecked() throws Exception {
        String text = Files.readString(dir.resolve("calendar.json"));
        int end = text.lastIndexOf('}');
        Files.writeString(dir.resolve("calendar.json"), text.substring(0, end) + ",\n  \"admissionNotices\": {\"2026-10\": \"2026-10-30\", \"2031-04\": \"2031-04-01\"},\n"
                + "  \"examDayRules\": [{\"zh-CN\": \"开考15分钟后不得入场。\", \"en\": \"No entry later than 15 minutes after the start.\"}]\n}\n");
        assertThatThrownBy(() -> RegionDataReader.readDirectory("testland", dir))
                .hasMessageContaining("admissionNotices names sitting 2031-04, which sittings does not list")
                .hasMessageContaining("admissionNotices of sitting 2026-10 open on 2026-10-30, after its first session on");
        edit("calendar.json", ", \"2031-04\": \"2031-04-01\"", "");
        edit("calendar.json", "\"2026-10-30\"", "\"2026-10-01\"");
        RegionData data = RegionDataReader.readDirectory("testland", dir);
        assertThat(data.admissionNotices()).containsEntry("2026-10", java.time.LocalDate.of(2026, 10, 1));
        assertThat(data.examDayRules()).hasSize(1);
        assertThat(data.examDayRules().get(0).values()).containsEntry("zh-CN", "开考15分钟后不得入场。");
    }

    private java.util.function.Function<String, java.net.URL> entries() {
        return name -> {
            Path f = dir.resolve(name.substring(RegionDataReader.FOLDER.length() + 1));
            try {
                return Files.isRegularFile(f) ? f.toUri().toURL() : null;
            } catch (java.net.MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
