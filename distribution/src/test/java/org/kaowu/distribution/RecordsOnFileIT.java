package org.kaowu.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Records on file over real HTTP on the real platform: a CSV file of 10,000 records with two bad rows is
 * refused whole with both line numbers, the corrected file is applied, and its records are found by the
 * public ticket-number lookup; ticket numbers are checked by the region's rules; a candidate with several
 * records on file is shown them masked and chooses one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RecordsOnFileIT {
    private static final String ADMIN_PASSWORD = "Admin-Secret-2026";
    private static final String RECORDS = "/api/v1/regions/hubei/office/records-on-file";

    @Inject
    private BundleContext context;

    private Http http;

    @Configuration
    public Option[] config() {
        return KaowuPlatform.options(Map.of("org.kaowu.staff.cfg", "adminUsername=platform-admin\nadminPassword=" + ADMIN_PASSWORD + "\n",
                "org.kaowu.limits.cfg", KaowuPlatform.UNLIMITED, "org.kaowu.clock.cfg", "movedTo=" + KaowuPlatform.OPEN_HOURS + "\n"));
    }

    @Before
    public void ready() throws Exception {
        http = new Http(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        RestRuntime.awaitReady(context, http);
        RestRuntime.await("three regions", () -> http.get("/api/v1/regions").json().size() == 3);
    }

    private static void assertProblem(Http.Answer a, int status, String code) {
        assertEquals(brief(a), status, a.status());
        assertTrue(brief(a), a.contentType().startsWith("application/problem+json"));
        assertEquals(brief(a), code, a.json().path("code").asText());
    }

    /** A Hubei ticket number (year 27, office 0106, sequence). */
    private static String ticket(int seq) {
        return String.format("270106%06d", seq);
    }

    /** A name of letters only (digits written as Chinese numerals): 考生 + the row number. */
    private static String name(int i) {
        StringBuilder b = new StringBuilder("考生");
        Integer.toString(i).chars().forEach(c -> b.append("零一二三四五六七八九".charAt(c - '0')));
        return b.toString();
    }

    private static String brief(Http.Answer a) {
        return a.body().length() > 2000 ? a.body().substring(0, 2000) + "..." : a.body();
    }

    private static byte[] csv(boolean bom, List<String[]> rows) {
        StringBuilder b = new StringBuilder("name,idNumber,ticketNumber,office\r\n");
        for (String[] r : rows) {
            b.append(String.join(",", r)).append("\r\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (bom) {
            out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    public void aFileOfTenThousandWithTwoBadRowsIsRefusedWholeThenTheCorrectedFileIsAppliedAndFoundByTheLookup() {
        String province = http.staff(ADMIN_PASSWORD, "hb-records", "PROVINCE_OFFICE", "hubei", "420000");
        String county = http.staff(ADMIN_PASSWORD, "hb-records-county", "COUNTY_OFFICE", "hubei", "420106");
        // a number held already: by an earlier record (imported one at a time)
        String earlierId = IdNumbers.next();
        assertEquals(201, http.bearer("POST", RECORDS, province, Map.of("name", "先前", "idNumber", earlierId, "ticketNumber", ticket(900_000),
                "office", "420106")).status());

        List<String[]> rows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            String id = IdNumbers.next();
            ids.add(id);
            rows.add(new String[] {"\"" + name(i) + "\"", id, ticket(i), i % 2 == 0 ? "420106" : "420502"});
        }
        // line = index + 2 (line 1 is the header)
        rows.get(2_499)[2] = "12AB";
        rows.get(7_775)[2] = ticket(900_000);
        assertProblem(http.bearerPost(RECORDS, county, "text/csv", csv(false, rows)), 403, "FORBIDDEN");

        long start = System.nanoTime();
        Http.Answer refused = http.bearerPost(RECORDS, province, "text/csv; charset=UTF-8", csv(false, rows));
        long refusedMillis = (System.nanoTime() - start) / 1_000_000;
        assertProblem(refused, 422, "IMPORT_REFUSED");
        JsonNode errors = refused.json().path("errors");
        assertEquals(brief(refused), 2, errors.size());
        assertEquals(2_501, errors.get(0).path("line").asInt());
        assertEquals("ticketNumber", errors.get(0).path("field").asText());
        assertEquals("INVALID_TICKET_NUMBER", errors.get(0).path("code").asText());
        assertEquals(7_777, errors.get(1).path("line").asInt());
        assertEquals("TICKET_NUMBER_HELD", errors.get(1).path("code").asText());
        assertFalse("no ID number in the answer", refused.body().contains(ids.get(7_775)));
        // nothing of the refused file was applied
        assertProblem(http.postJson("/api/v1/regions/hubei/ticket-number-lookups", Map.of("name", name(1), "idNumber", ids.get(0))), 404,
                "TICKET_NUMBER_NOT_FOUND");

        rows.get(2_499)[2] = ticket(2_500);
        rows.get(7_775)[2] = ticket(7_776);
        start = System.nanoTime();
        Http.Answer applied = http.bearerPost(RECORDS, province, "text/csv", csv(true, rows));
        long appliedMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("CSV import of 10,000 records on file over HTTP: refused in %d ms, applied in %d ms%n", refusedMillis, appliedMillis);
        assertEquals(applied.toString(), 201, applied.status());
        assertEquals(10_000, applied.json().path("imported").asInt());
        assertTrue("10,000 rows in seconds, not minutes: " + appliedMillis + " ms", appliedMillis < 60_000);

        JsonNode found = http.postJson("/api/v1/regions/hubei/ticket-number-lookups", Map.of("name", name(7_776), "idNumber", ids.get(7_775))).json();
        assertEquals(found.toString(), ticket(7_776), found.path("ticketNumber").asText());
        assertProblem(http.postJson("/api/v1/regions/hubei/ticket-number-lookups", Map.of("name", name(7_775), "idNumber", ids.get(7_775))), 404,
                "TICKET_NUMBER_NOT_FOUND");

        // rows of it again: every number is held now, each named with its line
        Http.Answer again = http.bearerPost(RECORDS, province, "text/csv", csv(false, rows.subList(0, 3)));
        assertProblem(again, 422, "IMPORT_REFUSED");
        assertEquals(brief(again), List.of(2, 3, 4), List.of(again.json().path("errors").get(0).path("line").asInt(),
                again.json().path("errors").get(1).path("line").asInt(), again.json().path("errors").get(2).path("line").asInt()));
        assertEquals("TICKET_NUMBER_HELD", again.json().path("errors").get(2).path("code").asText());

        String trail = http.bearer("GET", "/api/v1/regions/hubei/office/audit?limit=200", province, null).body();
        assertTrue(trail, trail.contains("RECORDS_ON_FILE_IMPORT") && trail.contains("\"outcome\":\"REFUSED\"")
                && trail.contains("10000 records from a CSV file"));
    }

    @Test
    public void aTicketNumberTheRegionsRulesRefuseIsRefusedWithItsCode() {
        String province = http.staff(ADMIN_PASSWORD, "hb-records", "PROVINCE_OFFICE", "hubei", "420000");
        Http.Answer bad = http.bearer("POST", RECORDS, province, Map.of("name", "张三", "idNumber", IdNumbers.next(), "ticketNumber", "12AB",
                "office", "420106"));
        assertProblem(bad, 400, "INVALID_TICKET_NUMBER");
        assertEquals("ticketNumber", bad.json().path("field").asText());
        Http.Answer header = http.bearerPost(RECORDS, province, "text/csv", "name,idNumber,ticket,office\n".getBytes(StandardCharsets.UTF_8));
        assertProblem(header, 422, "IMPORT_REFUSED");
        assertEquals(1, header.json().path("errors").get(0).path("line").asInt());
    }

    @Test
    public void severalRecordsOnFileAreListedMaskedAndTheCandidateChoosesOne() {
        String province = http.staff(ADMIN_PASSWORD, "hb-records", "PROVINCE_OFFICE", "hubei", "420000");
        String id = IdNumbers.next();
        String first = ticket(950_001);
        String second = ticket(950_002);
        byte[] file = csv(false, List.of(new String[] {"欧阳修", id, second, "420502"}, new String[] {"欧阳修", id, first, "420106"}));
        assertEquals(201, http.bearerPost(RECORDS, province, "text/csv", file).status());
        JsonNode both = http.postJson("/api/v1/regions/hubei/ticket-number-lookups", Map.of("name", "欧阳修", "idNumber", id)).json();
        assertEquals(both.toString(), List.of(first, second), List.of(both.path("ticketNumbers").get(0).asText(), both.path("ticketNumbers").get(1).asText()));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "欧阳修");
        body.put("idType", "RESIDENT_ID");
        body.put("idNumber", id);
        body.put("mobile", "13912" + id.substring(11, 17));
        body.put("email", "oy" + id.substring(10, 17) + "@example.cn");
        body.put("password", "Exam-Season-2026");
        String path = "/api/v1/regions/hubei/returning-candidates";
        Http.Answer choose = http.postJson(path, body);
        assertProblem(choose, 400, "TICKET_CHOICE_REQUIRED");
        JsonNode choices = choose.json().path("choices");
        assertEquals(choose.body(), 2, choices.size());
        assertEquals("2701******01", choices.get(0).path("ticketNumber").asText());
        assertEquals("420106", choices.get(0).path("office").asText());
        assertEquals(2, choices.get(1).path("choice").asInt());
        assertFalse("numbers are masked", choose.body().contains(first) || choose.body().contains(second));
        body.put("ticketChoice", 3);
        assertProblem(http.postJson(path, body), 400, "TICKET_CHOICE_REQUIRED");
        body.put("ticketChoice", 2);
        Http.Answer created = http.postJson(path, body);
        assertEquals(created.toString(), 201, created.status());
        assertEquals(second, created.json().path("ticketNumber").asText());
    }
}
