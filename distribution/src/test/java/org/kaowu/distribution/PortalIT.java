package org.kaowu.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The candidate portal in real headless Chromium against one started distribution (bin/kaowu, shared by
 * every journey of this class): each page of each journey is checked with axe-core (no WCAG 2.1 A/AA
 * violation), at 360 x 740 without horizontal scrolling, with a screenshot under
 * target/portal-screenshots/; after each journey the browser's network log holds no request off the host.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalIT {
    private static final String ADMIN_PASSWORD = "Portal-Admin-2026";
    private static Path home;
    private static int port;
    private static Http http;
    private static ChromeDriver browser;
    private static String axe;
    private static Path screenshots;
    private int shot;
    private String journey;

    @BeforeAll
    static void startThePlatformAndTheBrowser() throws Exception {
        home = Files.createTempDirectory("kaowu-portal-it");
        Path dist = KaowuPlatform.distribution();
        for (String part : new String[] {"bin", "conf", "bundle", "deploy", "data/cds"}) {
            if (Files.exists(dist.resolve(part))) {
                KaowuPlatform.copyTree(dist.resolve(part), home.resolve(part));
            }
        }
        port = KaowuPlatform.freePort();
        http = new Http(port);
        Files.writeString(home.resolve("conf/org.kaowu.clock.cfg"), "movedTo=" + KaowuPlatform.OPEN_HOURS + "\n");
        Files.writeString(home.resolve("conf/org.kaowu.limits.cfg"), KaowuPlatform.UNLIMITED);
        Files.writeString(home.resolve("conf/org.kaowu.staff.cfg"), "adminUsername=platform-admin\nadminPassword=" + ADMIN_PASSWORD + "\n");
        Files.writeString(home.resolve("conf/org.kaowu.accounts.cfg"), "publicUrl=http://127.0.0.1:" + port + "\n");
        assertThat(kaowu("start")).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && !(http.get("/api/v1/health").status() == 200
                && http.get("/api/v1/regions").body().contains("xinjiang") && http.get("/api/v1/regions").body().contains("hubei"))) {
            Thread.sleep(100);
        }
        assertThat(http.get("/api/v1/health").status()).as("health").isEqualTo(200);
        axe = Files.readString(Path.of(System.getProperty("kaowu.axe", "target/axe/package/axe.min.js")));
        screenshots = Path.of(System.getProperty("kaowu.screenshots", "target/portal-screenshots"));
        Files.createDirectories(screenshots);
        browser = chromium(home.resolve("chromium-profile"));
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

    /** Headless Chromium in Chinese (as most candidates' phones), with its performance log (the network events). */
    static ChromeDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=360,740", "--lang=zh-CN", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 360, "height", 740, "deviceScaleFactor", 1, "mobile", true));
        return driver;
    }

    @BeforeEach
    void freshBrowserState() {
        browser.manage().deleteAllCookies();
        browser.manage().logs().get(LogType.PERFORMANCE); // drop what earlier journeys logged
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static org.openqa.selenium.support.ui.FluentWait<org.openqa.selenium.WebDriver> wait15() {
        // pages are redrawn in place: an element found a moment ago may have been replaced
        return new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    private WebElement await(By by) {
        return wait15().until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    private void awaitText(By by, String text) {
        wait15().until(d -> {
            List<WebElement> found = d.findElements(by);
            return !found.isEmpty() && found.get(0).getText().contains(text);
        });
    }

    /** axe-core (WCAG 2.0/2.1 A and AA), no horizontal scrolling at 360 px, and a screenshot. */
    private void checkPage(String name) throws IOException {
        Object result = browser.executeAsyncScript(axe + "\n;const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                + ".then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                + " nodes: v.nodes.map(n => n.target.join(' ') + ' ' + n.failureSummary)})))))"
                + ".catch(e => done('axe failed: ' + e));");
        String violations = String.valueOf(result);
        Files.write(screenshots.resolve(String.format("%s-%02d-%s.png", journey, ++shot, name)), browser.getScreenshotAs(OutputType.BYTES));
        assertThat(violations).as("axe-core on " + name + " (" + browser.getCurrentUrl() + ")").isEqualTo("[]");
        Number scroll = (Number) browser.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        Number width = (Number) browser.executeScript("return window.innerWidth;");
        assertThat(width.intValue()).isEqualTo(360);
        assertThat(scroll.intValue()).as("horizontal scrolling on " + name).isLessThanOrEqualTo(0);
    }

    /** Every request the browser made since the last look went to this host. */
    private void assertNothingLeftTheHost() {
        List<String> offHost = new ArrayList<>();
        int requests = 0;
        for (LogEntry e : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = Http.JSON.valueToTree(parse(e.getMessage())).path("message");
            if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                String u = message.path("params").path("request").path("url").asText();
                requests++;
                if (!(u.startsWith("http://127.0.0.1:" + port + "/") || u.startsWith("data:") || u.startsWith("blob:"))) {
                    offHost.add(u);
                }
            }
        }
        assertThat(requests).as("the network log was read").isPositive();
        assertThat(offHost).as("requests off the host").isEmpty();
    }

    private static JsonNode parse(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void click(String css) {
        await(By.cssSelector(css)).click();
    }

    private void type(String id, String text) {
        WebElement e = await(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    private String outboxMessage(String to) throws InterruptedException {
        return KaowuPlatform.outbox(home, to);
    }

    @Test
    @Order(1)
    void theLandingPageListsTheLiveRegionsAndARegionDeployedAtRuntimeAppears() throws Exception {
        journey = "landing";
        browser.get(url("/"));
        await(By.cssSelector("a[data-region=xinjiang]"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).as("the browser asks for Chinese").isEqualTo("zh-CN");
        assertThat(browser.findElements(By.cssSelector("a[data-region]"))).hasSize(3);
        checkPage("landing");

        // a region taken out and deployed again at runtime: the same page, reloaded, follows
        Path jar = KaowuPlatform.regionJar(home.resolve("deploy"), "hubei");
        Path aside = home.resolve(jar.getFileName());
        Files.move(jar, aside);
        new WebDriverWait(browser, Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(500)).until(d -> {
            d.navigate().refresh();
            return d.findElements(By.cssSelector("a[data-region=xinjiang]")).size() == 1 && d.findElements(By.cssSelector("a[data-region=hubei]")).isEmpty();
        });
        Files.move(aside, jar);
        new WebDriverWait(browser, Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(500)).until(d -> {
            d.navigate().refresh();
            return d.findElements(By.cssSelector("a[data-region=hubei]")).size() == 1;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (http.get("/api/v1/regions/hubei").status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        // by keyboard alone: Tab to the first region (past the skip link, the brand and the languages), Enter
        browser.get(url("/"));
        await(By.cssSelector("a[data-region]"));
        WebElement focused = null;
        for (int i = 0; i < 10; i++) {
            browser.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
            focused = browser.switchTo().activeElement();
            if (focused.getAttribute("data-region") != null) {
                break;
            }
        }
        assertThat(focused.getAttribute("data-region")).as("a region link is reached by Tab").isNotNull();
        String chosen = focused.getAttribute("data-region");
        focused.sendKeys(org.openqa.selenium.Keys.ENTER);
        await(By.id("calendar"));
        assertThat(browser.getCurrentUrl()).endsWith("/" + chosen + "/");
        assertThat(browser.switchTo().activeElement().getTagName()).as("focus moves to the new page's heading").isEqualTo("h1");

        // the language switcher: English, remembered for the next page
        browser.get(url("/"));
        await(By.cssSelector("a[data-region]"));
        click("#languages a[hreflang=en]");
        awaitText(By.tagName("h1"), "Higher Education");
        browser.get(url("/chongqing/"));
        await(By.id("calendar"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        checkPage("region-home-en");
        assertNothingLeftTheHost();
    }

    @Test
    @Order(2)
    void aChongqingCandidateRecoversAForgottenTicketNumberThenAForgottenPasswordByEmailLink() throws Exception {
        journey = "chongqing-recovery";
        String id = IdNumbers.next();
        String email = "cq" + id.substring(10, 17) + "@example.cn";
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", "秦良玉", "idType", "RESIDENT_ID", "idNumber", id, "mobile", "13912340001",
                "email", email, "password", "Shizhu-2026"));
        Http.Answer created = http.postJson("/api/v1/regions/chongqing/candidates", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticket = created.json().path("ticketNumber").asText();

        browser.get(url("/chongqing/"));
        await(By.id("calendar"));
        checkPage("home");
        click("a[href='/chongqing/ticket-number']");
        type("lookup-name", "秦良玉");
        type("lookup-idNumber", id);
        checkPage("lookup");
        click("#lookup button[type=submit]");
        awaitText(By.id("found-ticket"), ticket);
        checkPage("lookup-found");

        click("a[href='/chongqing/']");
        click("a[href='/chongqing/recover']");
        new Select(await(By.id("recover-channel"))).selectByValue("EMAIL_LINK");
        type("recover-ticketNumber", ticket);
        type("recover-idNumber", id);
        checkPage("recover");
        click("#recover button[type=submit]");
        await(By.cssSelector("#recover-step .ok"));
        checkPage("recover-email-sent");

        String mail = outboxMessage(email);
        Matcher link = Pattern.compile("http://127\\.0\\.0\\.1:" + port + "(/portal/reset\\.html\\?\\S+)").matcher(mail);
        assertThat(link.find()).as(mail).isTrue();
        browser.get(url(link.group(1)));
        await(By.id("reset-newPassword"));
        assertThat(browser.getCurrentUrl()).as("the secret leaves the address bar").doesNotContain("token").endsWith("/chongqing/password/reset");
        checkPage("reset");
        // a mismatching confirmation: the server's problem, next to the form, nothing changed
        type("reset-newPassword", "Baiganbing-2027");
        type("reset-confirm", "Baiganbing-2028");
        click("#reset button[type=submit]");
        await(By.cssSelector("#reset-alert:not(:empty)"));
        checkPage("reset-mismatch");
        type("reset-confirm", "Baiganbing-2027");
        click("#reset button[type=submit]");
        await(By.id("reset-done"));
        checkPage("reset-done");

        click("#reset-result a");
        type("login-login", ticket);
        type("login-password", "Baiganbing-2027");
        checkPage("login");
        click("#login button[type=submit]");
        awaitText(By.id("my-ticket"), ticket);
        checkPage("me");
        // her scores (none yet), and the public lookup, which answers the one not-found problem next to the form
        click("a[href='/chongqing/scores']");
        await(By.cssSelector("#my-scores p"));
        type("scores-lookup-ticketNumber", ticket);
        type("scores-lookup-idNumber", id);
        checkPage("scores");
        click("#scores-lookup button[type=submit]");
        await(By.cssSelector("#scores-lookup-alert:not(:empty)"));
        checkPage("scores-not-found");
        assertNothingLeftTheHost();
        assertThat(http.postJson("/api/v1/regions/chongqing/sessions", Map.of("login", ticket, "password", "Shizhu-2026")).status()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void aXinjiangCandidateRegistersInUyghurWaitsForApprovalAndThenSeesTheNextStep() throws Exception {
        journey = "xinjiang-uyghur";
        browser.get(url("/xinjiang/?lang=ug"));
        await(By.id("calendar"));
        WebElement html = browser.findElement(By.tagName("html"));
        assertThat(html.getAttribute("lang")).isEqualTo("ug");
        assertThat(html.getAttribute("dir")).isEqualTo("rtl");
        assertThat(browser.getCurrentUrl()).doesNotContain("lang=");
        checkPage("home");
        click("a[href='/xinjiang/register']");
        String id = IdNumbers.next();
        type("register-name", "ئايگۈل");
        type("register-idNumber", "65010219900101001");
        type("register-mobile", "13912340002");
        type("register-password", "Tianshan-2026");
        assertThat(new Select(await(By.id("register-examLanguage"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("ug");
        click("#register button[type=submit]");
        // the server's problem is shown next to the field it names, and that field is marked and focused
        WebElement idField = await(By.id("register-idNumber"));
        wait15().until(d -> "true".equals(idField.getAttribute("aria-invalid")));
        assertThat(browser.findElement(By.id("register-idNumber-error")).getText()).isNotBlank();
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("register-idNumber");
        checkPage("register-error");
        type("register-idNumber", id);
        click("#register button[type=submit]");
        await(By.cssSelector("#register-result .ok"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
        // the region's own message (its messages.json) overrides the core bundle's text of the same key
        String regionText = http.get("/api/v1/regions/xinjiang").json().path("messages").path("registration.pendingReview").path("ug").asText();
        assertThat(regionText).isNotBlank();
        assertThat(browser.findElement(By.id("pending-review")).getText()).isEqualTo(regionText);
        checkPage("registered");

        click("#register-result a");
        type("login-login", id);
        type("login-password", "Tianshan-2026");
        click("#login button[type=submit]");
        await(By.id("next-step-name"));
        String waiting = browser.findElement(By.id("next-step")).getText();
        checkPage("waiting");

        // the county office approves, through the API
        String office = http.staff(ADMIN_PASSWORD, "xj-portal-tianshan", "COUNTY_OFFICE", "xinjiang", "650102");
        JsonNode found = parse(http.bearer("POST", "/api/v1/regions/xinjiang/office/candidate-searches", office, Map.of("text", id)).body());
        String candidate = found.get(0).path("id").asText();
        Http.Answer approved = http.bearer("POST", "/api/v1/regions/xinjiang/office/candidates/" + candidate + "/review", office,
                Map.of("decision", "APPROVE"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);

        click("a.back");
        click("a[href='/xinjiang/me']");
        wait15().until(d -> !d.findElement(By.id("next-step")).getText().equals(waiting));
        String next = browser.findElement(By.id("next-step-name")).getText();
        assertThat(next).as("the next step, in Uyghur").isEqualTo("سالاھىيەتنى جەزملەشتۈرۈش");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("تىزىملاندى");
        checkPage("approved-next-step");
        assertNothingLeftTheHost();
    }

    @Test
    @Order(4)
    void aReturningHubeiCandidateTakesUpTwoRecordsOnFileAndChoosesTheNumberToKeep() throws Exception {
        journey = "hubei-returning";
        String id = IdNumbers.next();
        String province = http.staff(ADMIN_PASSWORD, "hb-portal-province", "PROVINCE_OFFICE", "hubei", "420000");
        String kept = "1601" + id.substring(14, 17) + "00001";
        String other = "1705" + id.substring(14, 17) + "00002";
        for (String[] r : new String[][] {{kept, "420106"}, {other, "420502"}}) {
            Http.Answer a = http.bearer("POST", "/api/v1/regions/hubei/office/records-on-file", province,
                    Map.of("name", "李清照", "idNumber", id, "ticketNumber", r[0], "office", r[1]));
            assertThat(a.status()).as(a.toString()).isEqualTo(201);
        }
        String email = "hb" + id.substring(10, 17) + "@example.cn";
        browser.get(url("/hubei/"));
        await(By.id("calendar"));
        click("a[href='/hubei/returning']");
        type("returning-name", "李清照");
        type("returning-idNumber", id);
        type("returning-mobile", "13912340003");
        type("returning-email", email);
        type("returning-password", "Shuyu-2026");
        checkPage("returning");
        click("#returning button[type=submit]");
        // the server lists both numbers on file, masked, with their offices: the candidate chooses one
        wait15().until(d -> d.findElements(By.cssSelector("#returning-choices input[name=ticketChoice]")).size() == 2);
        String choices = browser.findElement(By.id("returning-choices")).getText();
        assertThat(choices).contains(kept.substring(0, 4)).contains(other.substring(0, 4)).doesNotContain(kept).doesNotContain(other);
        checkPage("returning-choose");
        WebElement keep = browser.findElements(By.cssSelector("#returning-choices .choice")).stream()
                .filter(c -> c.getText().startsWith(kept.substring(0, 4))).findFirst().orElseThrow()
                .findElement(By.cssSelector("input[name=ticketChoice]"));
        keep.click();
        click("#returning button[type=submit]");
        await(By.cssSelector("#returning-result .ok"));
        assertThat(browser.findElement(By.id("returning-result")).getText()).contains(kept);
        checkPage("returning-done");

        click("#returning-result a");
        type("login-login", email);
        type("login-password", "Shuyu-2026");
        click("#login button[type=submit]");
        awaitText(By.id("my-ticket"), kept);
        assertThat(browser.findElement(By.tagName("main")).getText()).contains(other);
        checkPage("me");
        assertNothingLeftTheHost();
    }

    @Test
    @Order(0)
    void pagesCarryTheSecurityHeadersAndAssetsAreFingerprintedCompressedAndCachedForAYear() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> page = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/xinjiang/")))
                .header("Accept-Language", "ug-CN,ug;q=0.9").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("frame-ancestors 'none'").contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("http");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.body()).as("Accept-Language chooses on a first visit").contains("<html lang=\"ug\" dir=\"rtl\">")
                .doesNotContain("<script>").doesNotContain("style=");
        Matcher app = Pattern.compile("src=\"(/assets/app\\.[0-9a-f]{12}\\.js)\"").matcher(page.body());
        assertThat(app.find()).as(page.body()).isTrue();
        java.net.http.HttpResponse<byte[]> asset = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(app.group(1))))
                .header("Accept-Encoding", "gzip").build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(asset.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(asset.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/assets/app.000000000000.js"))).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
        java.net.http.HttpResponse<Void> old = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/portal/index.html"))).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(old.statusCode()).isEqualTo(301);
        assertThat(old.headers().firstValue("Location")).hasValue("/");
        // ?lang= is remembered (a preference cookie, not a secret)
        java.net.http.HttpResponse<String> chosen = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/?lang=en"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(chosen.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("kaowu-lang=en").doesNotContain("HttpOnly");
        assertThat(chosen.body()).contains("<html lang=\"en\" dir=\"ltr\">");
    }

    /** A JPEG the regions' photo rules accept (100 x 140, under 10 KB); {@code marker} paints the top-left corner (the simulator's signal). */
    private static Path jpeg(String name, java.awt.Color marker) throws IOException {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(100, 140, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(new java.awt.Color(60, 120, 220));
        g.fillRect(0, 0, 100, 140);
        g.setColor(java.awt.Color.WHITE);
        g.fillOval(30, 30, 40, 50);
        if (marker != null) {
            g.setColor(marker);
            g.fillRect(0, 0, 24, 24);
        }
        g.dispose();
        Path file = home.resolve(name + ".jpg");
        javax.imageio.ImageIO.write(img, "jpeg", file.toFile());
        assertThat(Files.size(file)).isLessThan(10240);
        return file;
    }

    /** The first half of the Hubei journey (enrolling and paying follow once enrollment and payment exist). */
    @Test
    @Order(5)
    void aHubeiCandidatePreRegistersAndConfirmsOnlineAfterOneFailedAttempt() throws Exception {
        journey = "hubei-online-confirmation";
        String id = IdNumbers.next();
        String email = "hbn" + id.substring(10, 17) + "@example.cn";
        browser.get(url("/hubei/register"));
        type("register-email", email);
        type("register-mobile", "13912340004");
        type("register-name", "屈原");
        type("register-idNumber", id);
        type("register-password", "Lisao-2026");
        checkPage("register");
        click("#register button[type=submit]");
        await(By.cssSelector("#register-result .ok"));
        checkPage("pre-registered");
        click("#register-result a");
        type("login-login", email);
        type("login-password", "Lisao-2026");
        click("#login button[type=submit]");
        await(By.id("next-step-name"));
        checkPage("me-before");
        click("#next-step a[href='/hubei/identity']");
        await(By.id("photo-policy"));
        assertThat(browser.findElement(By.id("photo-policy")).getText()).contains("10 KB");
        checkPage("identity");
        Path plain = jpeg("plain", null);
        browser.findElement(By.id("identity-idCardImage")).sendKeys(plain.toString());
        browser.findElement(By.id("identity-faceImage")).sendKeys(jpeg("red-face", java.awt.Color.RED).toString());
        browser.findElement(By.id("identity-idPhoto")).sendKeys(plain.toString());
        click("#identity button[type=submit]");
        await(By.cssSelector("#identity-alert:not(:empty)"));
        checkPage("identity-failed");
        WebElement face = browser.findElement(By.id("identity-faceImage"));
        face.clear();
        face.sendKeys(plain.toString());
        click("#identity button[type=submit]");
        await(By.cssSelector("#identity-result .ok"));
        checkPage("identity-confirmed");
        click("#identity-result a");
        await(By.id("my-ticket"));
        assertThat(browser.findElement(By.id("my-ticket")).getText()).matches("[0-9]{12}");
        checkPage("me-registered");
        assertNothingLeftTheHost();
    }

    /**
     * The landing page on a slow line (Chromium's network emulation: 1.6 Mbps down, 750 kbps up, 150 ms
     * latency), cold cache: bytes transferred and the time until the region list is shown. Printed, not asserted.
     */
    @Test
    @Order(6)
    void landingPageOnASlowLine() throws Exception {
        ChromeDriver slow = chromium(home.resolve("chromium-slow"));
        try {
            slow.executeCdpCommand("Network.enable", Map.of());
            slow.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
            Map<String, Object> line = new HashMap<>();
            line.put("offline", false);
            line.put("latency", 150);
            line.put("downloadThroughput", 1_600_000 / 8);
            line.put("uploadThroughput", 750_000 / 8);
            slow.executeCdpCommand("Network.emulateNetworkConditions", line);
            for (int run = 1; run <= 2; run++) {
                slow.get("about:blank");
                long start = System.nanoTime();
                slow.get(url("/"));
                new WebDriverWait(slow, Duration.ofSeconds(60)).until(d -> !d.findElements(By.cssSelector("a[data-region]")).isEmpty());
                long shown = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                Map<?, ?> figures = (Map<?, ?>) slow.executeScript("const n = performance.getEntriesByType('navigation')[0];"
                        + "const r = performance.getEntriesByType('resource');"
                        + "return {requests: r.length + 1, transferred: n.transferSize + r.reduce((s, e) => s + e.transferSize, 0),"
                        + " decoded: n.decodedBodySize + r.reduce((s, e) => s + e.decodedBodySize, 0),"
                        + " domContentLoaded: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd)};");
                System.out.printf("landing page, 1.6 Mbps / 150 ms, cold cache (run %d): %s requests, %s bytes transferred (%s decoded), "
                        + "DOMContentLoaded %s ms, load %s ms, region list shown after %d ms%n", run, figures.get("requests"),
                        figures.get("transferred"), figures.get("decoded"), figures.get("domContentLoaded"), figures.get("load"), shown);
            }
        } finally {
            slow.quit();
        }
    }
}
