package org.kaowu.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The office desk (/office/) in real headless Chromium against one started distribution (bin/kaowu), the
 * clock inside Xinjiang's April 2019 enrollment window: a county office approves a registration from its
 * queue and confirms an identity on site with the camera, and an out-of-scope candidate is neither in its
 * queue nor open to it (403); the province office finds a candidate, opens the full record and finds that
 * read in the audit trail; enrollment statistics download as CSV with their Chinese headers intact (the
 * bytes: BOM and UTF-8) beside the chart of each day of the window; the province office manages staff
 * accounts; and every desk page and endpoint refuses anonymous access and out-of-scope staff. Every page is
 * checked with axe-core and saved as a screenshot under target/office-screenshots/; no request leaves the host.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OfficeDeskIT {
    private static final String ADMIN_PASSWORD = "Desk-Admin-2026";
    private static final String STAFF_PASSWORD = "Office-Desk-2026";
    private static final String XJ = "/api/v1/regions/xinjiang";
    private static Path home;
    private static int port;
    private static Http http;
    private static DeskBrowser browser;
    /** In the county office's scope (650102) and out of it (650103): {id, idNumber, name}. */
    private static Map<String, String> inScope;
    private static Map<String, String> outOfScope;
    private String journey;

    @BeforeAll
    static void startThePlatformAndTheBrowser() throws Exception {
        home = Files.createTempDirectory("kaowu-office-it");
        Path dist = KaowuPlatform.distribution();
        for (String part : new String[] {"bin", "conf", "bundle", "deploy", "data/cds"}) {
            if (Files.exists(dist.resolve(part))) {
                KaowuPlatform.copyTree(dist.resolve(part), home.resolve(part));
            }
        }
        port = KaowuPlatform.freePort();
        http = new Http(port);
        // inside the April 2019 window, 12:00 China time: registration and enrollment open, no nightly lock
        Files.writeString(home.resolve("conf/org.kaowu.clock.cfg"), "movedTo=2019-02-21T04:00:00Z\n");
        Files.writeString(home.resolve("conf/org.kaowu.limits.cfg"), KaowuPlatform.UNLIMITED);
        Files.writeString(home.resolve("conf/org.kaowu.staff.cfg"), "adminUsername=platform-admin\nadminPassword=" + ADMIN_PASSWORD + "\n");
        assertThat(kaowu("start")).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && !(http.get("/api/v1/health").status() == 200
                && http.get("/api/v1/regions").body().contains("xinjiang") && http.get("/api/v1/regions").body().contains("chongqing"))) {
            Thread.sleep(100);
        }
        assertThat(http.get("/api/v1/health").status()).as("health").isEqualTo(200);
        String axe = Files.readString(Path.of(System.getProperty("kaowu.axe", "target/axe/package/axe.min.js")));
        Path screenshots = Files.createDirectories(Path.of(System.getProperty("kaowu.office.screenshots", "target/office-screenshots")));
        try (var old = Files.list(screenshots)) {
            for (Path p : old.filter(p -> p.toString().endsWith(".png")).toList()) {
                Files.delete(p);
            }
        }
        browser = new DeskBrowser(home.resolve("chromium-profile"), port, axe, screenshots);

        // the first administrator is made from conf/org.kaowu.staff.cfg as the staff component starts, which health does not wait for
        // (waiting for its log line, not by trying the password: failed attempts would lock the account)
        Path log = home.resolve("logs/kaowu.log");
        while (System.nanoTime() < deadline && !(Files.exists(log) && Files.readString(log).contains("Created the platform administrator"))) {
            Thread.sleep(100);
        }
        http.staff(ADMIN_PASSWORD, "xj-desk-county", "COUNTY_OFFICE", "xinjiang", "650102");
        http.staff(ADMIN_PASSWORD, "xj-desk-province", "PROVINCE_OFFICE", "xinjiang", "650000");
        inScope = register("阿依古丽", "650102");
        outOfScope = register("买买提", "650103");
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        kaowu("stop");
    }

    private static int kaowu(String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/kaowu").toString(), command).redirectErrorStream(true);
        pb.environment().put("KAOWU_OPTS", "-Dorg.osgi.service.http.port=" + port);
        java.lang.Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    /** A Xinjiang registration at an office, waiting for its review. */
    private static Map<String, String> register(String name, String office) {
        String idNumber = IdNumbers.next();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("idType", "RESIDENT_ID");
        body.put("idNumber", idNumber);
        body.put("mobile", "139" + String.format("%08d", Math.floorMod(idNumber.hashCode(), 100_000_000)));
        body.put("password", "Tianshan-2026");
        body.put("office", office);
        Http.Answer created = http.postJson(XJ + "/candidates", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return Map.of("id", created.json().path("id").asText(), "idNumber", idNumber, "name", name);
    }

    @BeforeEach
    void freshBrowserState() {
        browser.driver.manage().deleteAllCookies();
        browser.requests(); // drop what earlier journeys logged
    }

    private void check(String page) throws Exception {
        browser.check(journey, page);
    }

    /** Logs in at the desk's login page of Xinjiang (a page load: any earlier session of the tab is gone). */
    private void login(String username, String password) {
        browser.driver.get(browser.url("/office/xinjiang/login"));
        browser.type("login-username", username);
        browser.type("login-password", password);
        browser.click("#login button[type=submit]");
        browser.await(By.id("logout"));
    }

    @Test
    @Order(1)
    void aCountyOfficeApprovesARegistrationFromItsQueueAndAnOutOfScopeCandidateIsNeitherInItNorOpenToIt() throws Exception {
        journey = "county-review";
        browser.driver.get(browser.url("/office/"));
        browser.await(By.cssSelector("#regions a[href='/office/xinjiang/login']"));
        check("landing");
        browser.click("#regions a[href='/office/xinjiang/login']");
        browser.type("login-username", "xj-desk-county");
        browser.type("login-password", STAFF_PASSWORD);
        check("login");
        browser.click("#login button[type=submit]");
        WebElement count = browser.await(By.id("count-review"));
        assertThat(Integer.parseInt(count.getText())).as("registrations to review at 650102").isEqualTo(1);
        check("home");

        browser.click("a[href='/office/xinjiang/queue/review']");
        browser.await(By.id("queue-table"));
        String queue = browser.text(By.id("queue-table"));
        assertThat(queue).contains(inScope.get("name")).doesNotContain(outOfScope.get("name"))
                .as("ID numbers masked in the queue").doesNotContain(inScope.get("idNumber"));
        assertThat(browser.text(By.id("queue-pager-range"))).contains("1");
        check("queue-review");
        // the out-of-scope candidate is not found even by its ID number
        browser.type("queue-filter-text", outOfScope.get("idNumber"));
        browser.click("#queue-filter button[type=submit]");
        browser.await(By.id("queue-empty"));
        check("queue-filtered-empty");
        browser.type("queue-filter-text", inScope.get("idNumber"));
        browser.click("#queue-filter button[type=submit]");
        browser.await(By.cssSelector("#queue-table a.open"));

        browser.click("#queue-table a.open");
        browser.await(By.id("approve"));
        assertThat(browser.text(By.id("full-id"))).isEqualTo(inScope.get("idNumber"));
        check("candidate-to-review");
        browser.click("#approve");
        browser.await(By.cssSelector("#decision-result .ok"));
        assertThat(browser.driver.findElements(By.id("approve"))).as("reviewed once").isEmpty();
        // approved: Xinjiang's next step is the on-site confirmation
        browser.await(By.id("confirm-title"));
        check("candidate-approved");
        JsonNode record = http.bearer("GET", XJ + "/office/candidates/" + inScope.get("id"), county(), null).json();
        assertThat(record.path("nextStep").asText()).isNotEqualTo("approval");

        // the out-of-scope candidate's address: the API answers 403, and so does the page (after the login it asks for)
        Http.Answer refused = http.bearer("GET", XJ + "/office/candidates/" + outOfScope.get("id"), county(), null);
        XinjiangCandidates.assertProblem(refused, 403, "FORBIDDEN");
        browser.driver.get(browser.url("/office/xinjiang/candidates/" + outOfScope.get("id")));
        browser.await(By.id("signin-required"));
        check("out-of-scope-login-first");
        browser.type("login-username", "xj-desk-county");
        browser.type("login-password", STAFF_PASSWORD);
        browser.click("#login button[type=submit]");
        WebElement forbidden = browser.await(By.id("refused"));
        assertThat(forbidden.getAttribute("data-status")).isEqualTo("403");
        assertThat(browser.driver.findElement(By.tagName("main")).getText()).doesNotContain(outOfScope.get("name"))
                .doesNotContain(outOfScope.get("idNumber"));
        check("out-of-scope-403");
        browser.assertNothingLeftTheHost();
    }

    private static String county() {
        return http.staffLogin("xinjiang", "xj-desk-county", STAFF_PASSWORD);
    }

    private static String province() {
        return http.staffLogin("xinjiang", "xj-desk-province", STAFF_PASSWORD);
    }

    @Test
    @Order(2)
    void theCountyOfficeConfirmsTheIdentityOnSiteWithAPhotoFromTheCamera() throws Exception {
        journey = "county-confirmation";
        login("xj-desk-county", STAFF_PASSWORD);
        browser.click("a[href='/office/xinjiang/queue/confirmation']");
        browser.await(By.cssSelector("#queue-table a.open"));
        check("queue-confirmation");
        browser.click("#queue-table a.open");
        browser.click("#photo-start");
        browser.await(By.id("photo-video"));
        browser.await().until(d -> ((Number) browser.driver.executeScript("return document.getElementById('photo-video').videoWidth")).intValue() > 0);
        check("camera-on");
        browser.click("#photo-take");
        browser.await(By.id("photo-preview"));
        check("photo-taken");
        browser.click("#confirm");
        browser.await(By.cssSelector("#decision-result .ok"));
        check("confirmed");
        for (String q : new String[] {"proof", "merge"}) {
            browser.navigate("/office/xinjiang/queue/" + q);
            browser.await(By.id("queue-empty"));
            check("queue-" + q);
        }
        JsonNode record = http.bearer("GET", XJ + "/office/candidates/" + inScope.get("id"), county(), null).json();
        assertThat(record.path("confirmationMethod").asText()).isEqualTo("ON_SITE");
        assertThat(record.path("ticketNumber").asText()).as("Xinjiang issues the ticket number at the on-site confirmation").isNotBlank();
        browser.assertNothingLeftTheHost();
    }

    @Test
    @Order(3)
    void theProvinceOfficeSearchesACandidateOpensTheFullRecordAndFindsThatReadInTheAuditTrail() throws Exception {
        journey = "province-search-audit";
        login("xj-desk-province", STAFF_PASSWORD);
        check("home");
        browser.click("a[href='/office/xinjiang/search']");
        browser.type("search-text", outOfScope.get("idNumber"));
        browser.click("#search button[type=submit]");
        browser.await(By.id("search-table"));
        String results = browser.text(By.id("search-table"));
        assertThat(results).contains(outOfScope.get("name")).as("masked in the results").doesNotContain(outOfScope.get("idNumber"));
        check("search-masked");

        browser.click("#search-table a.open");
        assertThat(browser.await(By.id("full-id")).getText()).isEqualTo(outOfScope.get("idNumber"));
        browser.await(By.id("history-table"));
        assertThat(browser.text(By.id("history-table"))).as("the candidate's history").contains("CANDIDATE_READ");
        check("full-record");

        browser.click("a[href='/office/xinjiang/audit']");
        browser.await(By.id("audit-table"));
        check("audit");
        browser.type("audit-filter-actor", "staff:xj-desk-province");
        browser.type("audit-filter-candidate", outOfScope.get("id"));
        browser.type("audit-filter-action", "CANDIDATE_READ");
        browser.click("#audit-filter button[type=submit]");
        browser.await().until(d -> d.findElement(By.id("audit-table")).getText().contains("staff:xj-desk-province")
                && !d.findElement(By.id("audit-table")).getText().contains("REGISTRATION_REVIEW"));
        String trail = browser.text(By.id("audit-table"));
        assertThat(trail).contains("CANDIDATE_READ").contains(outOfScope.get("id")).doesNotContain("REGISTRATION_REVIEW")
                .as("the audit detail masks the ID number").doesNotContain(outOfScope.get("idNumber"));
        check("audit-read-found");
        // exported as CSV: the page's entries, UTF-8 with a byte order mark
        byte[] export = Files.readAllBytes(browser.download("#audit-csv", ".csv"));
        assertThat(export).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        String exported = new String(export, 3, export.length - 3, StandardCharsets.UTF_8);
        assertThat(exported).startsWith("时间 at,操作人 actor,操作 action,考生 candidate").contains(",staff:xj-desk-province,CANDIDATE_READ,"
                + outOfScope.get("id") + ",ALLOWED,").doesNotContain(outOfScope.get("idNumber"));
        assertThat(exported.split("\r\n")).hasSize(2);
        // the county's refused read is in the trail too
        browser.type("audit-filter-actor", "staff:xj-desk-county");
        browser.click("#audit-filter button[type=submit]");
        browser.await().until(d -> d.findElement(By.id("audit-table")).getText().contains("DENIED"));

        List<String> urls = browser.assertNothingLeftTheHost();
        assertThat(urls).as("the searched ID number never travels in an address").noneMatch(u -> u.contains(outOfScope.get("idNumber")));
    }

    @Test
    @Order(4)
    void enrollmentStatisticsDownloadAsCsvWhoseChineseHeadersSurviveBesideTheChartOfEachDay() throws Exception {
        journey = "statistics";
        new XinjiangCandidates(http, home, ADMIN_PASSWORD, "Tianshan-2026").readyToPay("统计考生");
        login("xj-desk-province", STAFF_PASSWORD);
        browser.click("a[href='/office/xinjiang/statistics']");
        // the sitting whose window is open is shown first
        assertThat(new Select(browser.await(By.id("statistics-sitting-sitting"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("2019-04");
        browser.await(By.id("statistics-table"));
        assertThat(browser.text(By.id("statistics-table"))).contains("6501").contains("03708");
        WebElement chart = browser.await(By.id("daily-chart"));
        assertThat(chart.getTagName()).isEqualTo("svg");
        assertThat(chart.findElements(By.cssSelector("rect.bar-a")).size()).as("one day per day of the window (20 to 26 February)").isEqualTo(7);
        String registrationsOnThe21st = (String) browser.driver.executeScript(
                "return [...document.querySelectorAll('#daily-table tr')].find(r => r.cells[0].textContent === '2019-02-21').cells[1].textContent");
        assertThat(Integer.parseInt(registrationsOnThe21st)).as("registrations on the 21st, the moved clock's day").isGreaterThanOrEqualTo(3);
        check("statistics");

        Path csv = browser.download("#statistics-csv", ".csv");
        byte[] bytes = Files.readAllBytes(csv);
        assertThat(csv.getFileName().toString()).isEqualTo("enrollment-statistics-xinjiang-2019-04.csv");
        assertThat(bytes).as("a UTF-8 byte order mark").startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(text).startsWith("考区 exam area,课程 course,考生 candidates,报考科次 course enrollments").contains("\r\n6501,03708,");
        assertThat(java.util.Arrays.copyOfRange(bytes, 3, 9)).as("考区 in UTF-8").containsExactly(0xE8, 0x80, 0x83, 0xE5, 0x8C, 0xBA);
        check("statistics-downloaded");

        // in Uyghur, right to left: the page mirrors, the chart's days run from the right, the session stays
        browser.click("#languages a[lang='ug']");
        browser.await().until(d -> "rtl".equals(d.findElement(By.tagName("html")).getAttribute("dir")));
        browser.await(By.id("daily-chart"));
        assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ug");
        // (the page is redrawn once the language is loaded: wait for the redrawn chart, then compare its first and last day)
        browser.await().until(d -> Boolean.TRUE.equals(browser.driver.executeScript("const bars = document.querySelectorAll('#daily-chart rect.bar-a');"
                + "return bars.length === 7 && Number(bars[0].getAttribute('x')) > Number(bars[6].getAttribute('x'));")));
        check("statistics-ug-rtl");
        browser.assertNothingLeftTheHost();
    }

    @Test
    @Order(5)
    void theProvinceOfficeCreatesACountyAccountGivesItANewPasswordAndDisablesIt() throws Exception {
        journey = "staff";
        login("xj-desk-province", STAFF_PASSWORD);
        browser.click("a[href='/office/xinjiang/staff']");
        browser.await(By.id("staff-table"));
        check("staff");
        browser.type("staff-create-username", "xj-desk-new");
        browser.type("staff-create-password", "New-Clerk-2026");
        new Select(browser.await(By.id("staff-create-role"))).selectByValue("COUNTY_OFFICE");
        new Select(browser.await(By.id("staff-create-office"))).selectByValue("650104");
        browser.click("#staff-create button[type=submit]");
        browser.awaitText(By.id("staff-table"), "xj-desk-new");
        browser.click("button[data-user='xj-desk-new'][data-action='reset']");
        String password = browser.await(By.id("new-password")).getText();
        assertThat(password).hasSize(16);
        check("staff-new-password");
        String session = http.staffLogin("xinjiang", "xj-desk-new", password);
        assertThat(http.bearer("GET", XJ + "/staff/me", session, null).status()).isEqualTo(200);
        browser.click("button[data-user='xj-desk-new'][data-action='disable']");
        browser.await().until(d -> d.findElements(By.cssSelector("button[data-user='xj-desk-new'][data-action='disable']")).isEmpty());
        check("staff-disabled");
        XinjiangCandidates.assertProblem(http.bearer("GET", XJ + "/staff/me", session, null), 401, "UNAUTHENTICATED");
        XinjiangCandidates.assertProblem(http.postJson(XJ + "/staff/sessions", Map.of("username", "xj-desk-new", "password", password)), 401,
                "INVALID_CREDENTIALS");
        browser.assertNothingLeftTheHost();

        // a city office (Urumqi, 650100) creates and manages the accounts of its own counties, and no other
        String city = http.staff(ADMIN_PASSWORD, "xj-desk-city", "CITY_OFFICE", "xinjiang", "650100");
        Map<String, Object> account = new LinkedHashMap<>(Map.of("username", "xj-desk-city-county", "password", STAFF_PASSWORD, "role", "COUNTY_OFFICE",
                "office", "650103"));
        assertThat(http.bearer("POST", XJ + "/staff", city, account).status()).isEqualTo(201);
        account.put("office", "652901");
        account.put("username", "xj-desk-other-county");
        XinjiangCandidates.assertProblem(http.bearer("POST", XJ + "/staff", city, account), 403, "FORBIDDEN");
        account.put("role", "CITY_OFFICE");
        account.put("office", "650100");
        XinjiangCandidates.assertProblem(http.bearer("POST", XJ + "/staff", city, account), 403, "FORBIDDEN");
        JsonNode managed = http.bearer("GET", XJ + "/office/staff", city, null).json();
        assertThat(managed.findValuesAsText("username")).contains("xj-desk-county", "xj-desk-city-county").doesNotContain("xj-desk-province",
                "xj-desk-city");
        XinjiangCandidates.assertProblem(http.bearer("PUT", XJ + "/office/staff/xj-desk-province/disabled", city, null), 403, "FORBIDDEN");
    }

    @Test
    @Order(6)
    void everyDeskPageAndEndpointRefusesAnonymousAccessAndOutOfScopeStaff() throws Exception {
        journey = "refusals";
        String id = inScope.get("id");
        List<String> pages = List.of("", "queue/review", "queue/confirmation", "queue/proof", "queue/merge", "candidates/" + id, "search", "statistics",
                "audit", "staff");
        int n = 0;
        for (String page : pages) {
            browser.driver.get(browser.url("/office/xinjiang/" + page));
            browser.await(By.id("signin-required"));
            String main = browser.driver.findElement(By.tagName("main")).getText();
            assertThat(main).as(page).doesNotContain(inScope.get("name")).doesNotContain(outOfScope.get("name"));
            assertThat(browser.driver.findElements(By.cssSelector("table"))).as(page).isEmpty();
            if (n++ < 2) {
                check("anonymous-" + (page.isEmpty() ? "home" : page.replace('/', '-')));
            }
        }

        // every desk endpoint: 401 without a token
        String cand = XJ + "/office/candidates/" + id;
        Map<String, Object> empty = Map.of();
        Object[][] endpoints = {
            {"GET", XJ + "/office/queues", null}, {"POST", XJ + "/office/queues/REVIEW", empty}, {"GET", cand, null}, {"GET", cand + "/history", null},
            {"POST", cand + "/review", Map.of("decision", "APPROVE")}, {"POST", XJ + "/office/candidate-searches", empty},
            {"POST", XJ + "/office/audit-searches", empty}, {"GET", XJ + "/office/audit", null}, {"GET", XJ + "/office/staff", null},
            {"PUT", XJ + "/office/staff/xj-desk-county/disabled", null}, {"POST", XJ + "/office/staff/xj-desk-county/password-resets", null},
            {"GET", XJ + "/office/daily-activity?sitting=2019-04", null}, {"GET", XJ + "/office/enrollment-statistics?sitting=2019-04", null},
            {"GET", XJ + "/staff/me", null},
        };
        for (Object[] e : endpoints) {
            Http.Answer a = http.bearer((String) e[0], (String) e[1], null, e[2]);
            assertThat(a.status()).as(e[0] + " " + e[1] + ": " + a).isEqualTo(401);
            assertThat(a.json().path("code").asText()).isEqualTo("UNAUTHENTICATED");
        }

        // out of scope: the county office of 650102 for a candidate of 650103, the province's pages and other accounts
        String county = county();
        String outside = XJ + "/office/candidates/" + outOfScope.get("id");
        for (Object[] e : new Object[][] {{"GET", outside, null}, {"GET", outside + "/history", null}, {"POST", outside + "/review", Map.of("decision", "APPROVE")},
            {"POST", XJ + "/office/audit-searches", empty}, {"GET", XJ + "/office/audit", null}, {"GET", XJ + "/office/staff", null},
            {"PUT", XJ + "/office/staff/xj-desk-province/disabled", null}, {"POST", XJ + "/office/staff/xj-desk-province/password-resets", null}}) {
            XinjiangCandidates.assertProblem(http.bearer((String) e[0], (String) e[1], county, e[2]), 403, "FORBIDDEN");
        }
        JsonNode page = http.bearer("POST", XJ + "/office/queues/REVIEW", county, Map.of("limit", 100)).json();
        assertThat(page.path("candidates").toString()).doesNotContain(outOfScope.get("id"));
        // the province office manages no province account, and nobody manages a platform administrator
        XinjiangCandidates.assertProblem(http.bearer("PUT", XJ + "/office/staff/platform-admin/disabled", province(), null), 403, "FORBIDDEN");
        // a Chongqing office has no scope in Xinjiang; the platform administrator sees no candidate
        String chongqing = http.staff(ADMIN_PASSWORD, "cq-desk-county", "COUNTY_OFFICE", "chongqing", "500101");
        String admin = http.staffLogin("xinjiang", "platform-admin", ADMIN_PASSWORD);
        for (String token : new String[] {chongqing, admin}) {
            for (Object[] e : new Object[][] {{"GET", XJ + "/office/queues", null}, {"POST", XJ + "/office/queues/REVIEW", empty}, {"GET", cand, null},
                {"GET", cand + "/history", null}, {"GET", XJ + "/office/daily-activity?sitting=2019-04", null},
                {"POST", XJ + "/office/candidate-searches", empty}}) {
                XinjiangCandidates.assertProblem(http.bearer((String) e[0], (String) e[1], token, e[2]), 403, "FORBIDDEN");
            }
        }
        XinjiangCandidates.assertProblem(http.bearer("GET", XJ + "/office/staff", chongqing, null), 403, "FORBIDDEN");
        XinjiangCandidates.assertProblem(http.bearer("POST", XJ + "/office/audit-searches", chongqing, empty), 403, "FORBIDDEN");
        // bad input is a problem with a code, nothing else
        XinjiangCandidates.assertProblem(http.bearer("POST", XJ + "/office/queues/NOPE", county, empty), 400, "VALIDATION_FAILED");
        XinjiangCandidates.assertProblem(http.bearer("POST", XJ + "/office/audit-searches", province(), Map.of("from", "yesterday")), 400,
                "VALIDATION_FAILED");

        // in the browser: the county office's pages of the province are refused, as the API refuses them
        login("xj-desk-county", STAFF_PASSWORD);
        for (String p : new String[] {"audit", "staff"}) {
            browser.navigate("/office/xinjiang/" + p);
            WebElement refused = browser.await(By.id("refused"));
            assertThat(refused.getAttribute("data-status")).as(p).isEqualTo("403");
            check("county-" + p + "-403");
        }
        browser.navigate("/office/xinjiang/candidates/" + outOfScope.get("id"));
        assertThat(browser.await(By.id("refused")).getAttribute("data-status")).isEqualTo("403");
        // a Chongqing account cannot log in at Xinjiang's desk
        browser.driver.get(browser.url("/office/xinjiang/login"));
        browser.type("login-username", "cq-desk-county");
        browser.type("login-password", STAFF_PASSWORD);
        browser.click("#login button[type=submit]");
        browser.await(By.id("login-alert"));
        assertThat(browser.driver.findElements(By.id("logout"))).isEmpty();
        check("other-region-login-refused");
        browser.assertNothingLeftTheHost();
    }

    @Test
    @Order(7)
    void deskPagesCarryTheSecurityHeadersAndAssetsAreFingerprintedUnderOfficeAssets() throws Exception {
        Http.Answer page = http.get("/office/xinjiang/queue/review");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("/office/assets/app.").doesNotContain("<script>");
        Http.Answer redirect = http.get("/office");
        assertThat(redirect.status()).isEqualTo(301);
        assertThat(redirect.location()).isEqualTo("/office/");
        assertThat(http.get("/office/assets/nothing.0123456789ab.js").status()).isEqualTo(404);
        assertThat(http.post("/office/xinjiang/", "application/json", "{}").status()).isEqualTo(405);
    }

    @Test
    @Order(8)
    void theProvinceOfficeImportsAScoreFileRefusedWithItsLinesAndACountyOfficeSeesItsReChecks() throws Exception {
        journey = "scores";
        Path csv = Files.createTempFile(home, "scores", ".csv");
        Files.writeString(csv, "ticketNumber,course,score\n659999999999,03708,75\n", StandardCharsets.UTF_8);
        login("xj-desk-province", STAFF_PASSWORD);
        browser.navigate("/office/xinjiang/scores");
        new Select(browser.await(By.id("scores-import-sitting"))).selectByValue("2027-04");
        browser.await(By.id("scores-import-file")).sendKeys(csv.toString());
        check("import");
        browser.click("#scores-import button[type=submit]");
        browser.await(By.id("scores-errors"));
        assertThat(browser.text(By.id("scores-errors"))).contains("TICKET_NUMBER_NOT_FOUND");
        check("import-refused");
        // the county office: no scores page in its navigation, its re-checks (none yet)
        login("xj-desk-county", STAFF_PASSWORD);
        assertThat(browser.driver.findElements(By.cssSelector("a[href='/office/xinjiang/scores']"))).isEmpty();
        browser.navigate("/office/xinjiang/rechecks");
        browser.await(By.id("rechecks-none"));
        check("rechecks");
        browser.assertNothingLeftTheHost();
    }
}
