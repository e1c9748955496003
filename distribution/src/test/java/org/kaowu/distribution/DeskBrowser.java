package org.kaowu.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Headless Chromium for the office desk's journeys: a desk-sized window (1280 x 900), a fake camera (so
 * the browser's camera API gives a picture without asking), downloads into a folder, the network log; and
 * the checks of every page: axe-core (WCAG 2.0/2.1 A and AA), no horizontal scrolling, a screenshot.
 */
final class DeskBrowser implements AutoCloseable {
    final ChromeDriver driver;
    final Path downloads;
    private final int port;
    private final String axe;
    private final Path screenshots;
    private int shot;

    DeskBrowser(Path profile, int port, String axe, Path screenshots) throws IOException {
        this.port = port;
        this.axe = axe;
        this.screenshots = screenshots;
        this.downloads = Files.createDirectories(profile.resolveSibling(profile.getFileName() + "-downloads"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--lang=zh-CN", "--user-data-dir=" + profile,
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh", "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    FluentWait<org.openqa.selenium.WebDriver> await() {
        // pages are redrawn in place: an element found a moment ago may have been replaced
        return new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    WebElement await(By by) {
        return await().until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    void awaitText(By by, String text) {
        await().until(d -> {
            List<WebElement> found = d.findElements(by);
            return !found.isEmpty() && found.get(0).getText().contains(text);
        });
    }

    /** The text of an element, read again if the page redrew it meanwhile. */
    String text(By by) {
        return await().until(d -> d.findElement(by).getText());
    }

    void click(String css) {
        await(By.cssSelector(css)).click();
    }

    void type(String id, String text) {
        WebElement e = await(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    /**
     * Follows an address inside the page (the desk's router), as a link would: the session in the page's memory
     * stays. What the page showed is cleared first, so that whatever is awaited next is the new page's.
     */
    void navigate(String path) {
        driver.executeScript("document.getElementById('main').replaceChildren();"
                + "const a = document.createElement('a'); a.href = arguments[0]; a.setAttribute('data-nav', '');"
                + "document.body.append(a); a.click(); a.remove();", path);
    }

    /** axe-core, no horizontal scrolling, and a screenshot named after the journey and page. */
    void check(String journey, String name) throws IOException {
        Object result = driver.executeAsyncScript(axe + "\n;const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                + ".then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                + " nodes: v.nodes.map(n => n.target.join(' ') + ' ' + n.failureSummary)})))))"
                + ".catch(e => done('axe failed: ' + e));");
        Files.write(screenshots.resolve(String.format("%s-%02d-%s.png", journey, ++shot, name)), fullPage());
        assertThat(String.valueOf(result)).as("axe-core on " + name + " (" + driver.getCurrentUrl() + ")").isEqualTo("[]");
        Number scroll = (Number) driver.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(scroll.intValue()).as("horizontal scrolling on " + name).isLessThanOrEqualTo(0);
    }

    /** Clicks what downloads a file and waits for the file (the folder is emptied first); returns it. */
    Path download(String css, String suffix) throws IOException {
        try (var old = Files.list(downloads)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        click(css);
        return await().until(d -> {
            try (var files = Files.list(downloads)) {
                return files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** The whole page, not only the window (the chart and the tables below the fold). */
    private byte[] fullPage() {
        Number height = (Number) driver.executeScript("return Math.ceil(document.documentElement.scrollHeight);");
        Number width = (Number) driver.executeScript("return document.documentElement.clientWidth;");
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        return java.util.Base64.getDecoder().decode((String) shot.get("data"));
    }

    /** Every address the browser asked for since the last look (the network log is emptied by reading it). */
    List<String> requests() {
        List<String> urls = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            try {
                JsonNode message = Http.JSON.readTree(e.getMessage()).path("message");
                if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                    urls.add(message.path("params").path("request").path("url").asText());
                }
            } catch (IOException x) {
                throw new AssertionError(x);
            }
        }
        return urls;
    }

    /** Every request since the last look went to this host; returns them. */
    List<String> assertNothingLeftTheHost() {
        List<String> urls = requests();
        assertThat(urls).as("the network log was read").isNotEmpty();
        assertThat(urls).as("requests off the host").allMatch(u -> u.startsWith("http://127.0.0.1:" + port + "/") || u.startsWith("data:")
                || u.startsWith("blob:"));
        return urls;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
