package org.kaowu.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kaowu.store.internal.PostgresServer;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.internet.MimeMessage;
import org.postgresql.ds.PGSimpleDataSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The assembled distribution as an operator runs it: bin/kaowu start, health UP, register a
 * candidate, bin/kaowu stop, start again, and the candidate is still there.
 */
class DistributionIT {
    @TempDir
    Path work;

    private Path home;
    private int port;
    private Http http;

    @BeforeEach
    void copyDistribution() throws IOException {
        home = work.resolve("kaowu");
        // The distribution as built, without whatever state a run in target/kaowu may have left
        Path dist = KaowuPlatform.distribution();
        for (String part : new String[] {"bin", "conf", "bundle", "deploy", "data/cds"}) {
            if (Files.exists(dist.resolve(part))) {
                KaowuPlatform.copyTree(dist.resolve(part), home.resolve(part));
            }
        }
        port = KaowuPlatform.freePort();
        http = new Http(port);
    }

    @AfterEach
    void stopIfRunning() throws Exception {
        kaowu("stop");
    }

    private Process.Result kaowu(String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/kaowu").toString(), command).redirectErrorStream(true);
        pb.environment().put("KAOWU_OPTS", "-Dorg.osgi.service.http.port=" + port);
        java.lang.Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("bin/kaowu " + command + " finished").isTrue();
        return new Process.Result(p.exitValue(), out);
    }

    /** Result of one bin/kaowu call. */
    static final class Process {
        record Result(int exit, String output) {
        }
    }

    private Duration awaitHealthy() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (http.get("/api/v1/health").status() == 200) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("kaowu did not become healthy; console log:\n" + read(home.resolve("logs/console.log")));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "(none)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A Chongqing registration body. */
    private static Map<String, Object> candidate(String name, String id, String mobile, String email, String password) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("idType", "RESIDENT_ID");
        body.put("idNumber", id);
        body.put("mobile", mobile);
        if (email != null) {
            body.put("email", email);
        }
        body.put("password", password);
        return body;
    }

    @Test
    void dataSurvivesARestart() throws Exception {
        assertThat(kaowu("start").exit()).isZero();
        Duration firstStart = awaitHealthy();
        assertThat(kaowu("status").exit()).isZero();

        String id = IdNumbers.next();
        Map<String, Object> body = candidate("孙悟空", id, "13912345678", null, "Huaguo-2026");
        Http.Answer created = http.postJson("/api/v1/regions/chongqing/candidates", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticket = created.json().path("ticketNumber").asText();
        String location = created.location();

        assertThat(kaowu("stop").exit()).isZero();
        assertThat(kaowu("status").exit()).isEqualTo(3);
        assertThat(http.get("/api/v1/health").status()).isEqualTo(-1);

        assertThat(kaowu("start").exit()).isZero();
        Duration secondStart = awaitHealthy();
        JsonNode again = http.get(location).json();
        assertThat(again.path("ticketNumber").asText()).isEqualTo(ticket);
        Http.Answer lookup = http.postJson("/api/v1/regions/chongqing/ticket-number-lookups", Map.of("name", "孙悟空", "idNumber", id));
        assertThat(lookup.json().path("ticketNumber").asText()).isEqualTo(ticket);
        // the same number cannot register again after the restart either
        assertThat(http.postJson("/api/v1/regions/chongqing/candidates", body).status()).isEqualTo(409);

        String log = read(home.resolve("logs/kaowu.log"));
        assertThat(log).as("ID numbers are masked in the log").doesNotContain(id).contains(id.substring(0, 3) + "***");
        assertThat(log).doesNotContain("Huaguo-2026");
        System.out.printf("kaowu start to health UP: first start %d ms, second start %d ms%n", firstStart.toMillis(), secondStart.toMillis());
    }

    @Test
    void aRecoveryEmailReachesARealSmtpServerAndItsLinkSetsTheNewPassword() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            // the SMTP plugin ships in deploy/ and comes alive with its configuration
            Files.writeString(home.resolve("conf/org.kaowu.plugins.smtp.cfg"), "host=127.0.0.1\nport=" + smtp.getSmtp().getPort()
                    + "\nfrom=noreply@zikao.example.cn\nstarttls=false\n");
            Files.writeString(home.resolve("conf/org.kaowu.accounts.cfg"), "publicUrl=https://zikao.example.cn/\n");
            assertThat(kaowu("start").exit()).isZero();
            awaitHealthy();
            String id = IdNumbers.next();
            Map<String, Object> body = candidate("猪八戒", id, "13912345679", "bajie@example.cn", "Gaolao-2026");
            Http.Answer created = http.postJson("/api/v1/regions/chongqing/candidates", body);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String ticket = created.json().path("ticketNumber").asText();

            Http.Answer started = http.postJson("/api/v1/regions/chongqing/password-recoveries",
                    Map.of("channel", "EMAIL_LINK", "idNumber", id, "ticketNumber", ticket));
            assertThat(started.status()).as(started.toString()).isEqualTo(201);
            assertThat(smtp.waitForIncomingEmail(20_000, 1)).as("an e-mail arrived").isTrue();
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("bajie@example.cn");
            assertThat(mail.getFrom()[0].toString()).isEqualTo("noreply@zikao.example.cn");
            assertThat(mail.getSubject()).contains("重设密码");
            String text = mail.getContent().toString();
            java.util.regex.Matcher link = java.util.regex.Pattern
                    .compile("https://zikao\\.example\\.cn/portal/reset\\.html\\?region=chongqing&recovery=([0-9a-f-]{36})&token=([A-Za-z0-9_-]+)")
                    .matcher(text);
            assertThat(link.find()).as(text).isTrue();
            assertThat(link.group(1)).isEqualTo(started.json().path("id").asText());

            Map<String, Object> reset = Map.of("secret", link.group(2), "newPassword", "Tianpeng-2027", "confirm", "Tianpeng-2027");
            String completion = "/api/v1/regions/chongqing/password-recoveries/" + link.group(1) + "/completion";
            assertThat(http.postJson(completion, reset).status()).isEqualTo(204);
            assertThat(http.postJson(completion, reset).status()).as("the link works once").isEqualTo(400);
            assertThat(http.postJson("/api/v1/regions/chongqing/sessions", Map.of("login", ticket, "password", "Tianpeng-2027")).status())
                    .isEqualTo(201);
            assertThat(read(home.resolve("logs/kaowu.log"))).doesNotContain(link.group(2)).doesNotContain("Tianpeng-2027");
        } finally {
            smtp.stop();
        }
    }

    /** Headless Chromium as the machine's probe starts it: no sandbox as root, no background traffic. */
    private static ChromeDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @Test
    void aCandidateSetsANewPasswordOnThePortalResetPageInChromium() throws Exception {
        assertThat(kaowu("start").exit()).isZero();
        awaitHealthy();
        String id = IdNumbers.next();
        Map<String, Object> body = candidate("沙悟净", id, "13912345670", "wujing@example.cn", "Liusha-2026");
        Http.Answer created = http.postJson("/api/v1/regions/chongqing/candidates", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticket = created.json().path("ticketNumber").asText();
        assertThat(http.postJson("/api/v1/regions/chongqing/password-recoveries",
                Map.of("channel", "EMAIL_LINK", "idNumber", id, "ticketNumber", ticket)).status()).isEqualTo(201);

        // without SMTP configured, the development outbox in deploy/ holds the e-mail
        Path outbox = home.resolve("data/outbox");
        String mail = null;
        for (int i = 0; i < 100 && mail == null; i++) {
            if (Files.isDirectory(outbox)) {
                try (var files = Files.list(outbox)) {
                    for (Path f : files.toList()) {
                        String text = Files.readString(f);
                        if (text.contains("To: wujing@example.cn")) {
                            mail = text;
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        assertThat(mail).as("the reset e-mail in data/outbox").isNotNull();
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("http://localhost:8080(/portal/reset\\.html\\?\\S+)").matcher(mail);
        assertThat(link.find()).as(mail).isTrue();

        ChromeDriver browser = chromium(work.resolve("chromium-profile"));
        try {
            browser.get("http://127.0.0.1:" + port + link.group(1));
            assertThat(browser.getTitle()).contains("重设密码");
            assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token=");
            // mismatching confirmation: the API's problem detail is shown, nothing changes
            browser.findElement(By.id("newPassword")).sendKeys("Juanlian-2027");
            browser.findElement(By.id("confirm")).sendKeys("Juanlian-2028");
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("result")).getText().contains("VALIDATION_FAILED"));
            browser.findElement(By.id("confirm")).clear();
            browser.findElement(By.id("confirm")).sendKeys("Juanlian-2027");
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("result")).getText().contains("Your password is set"));
        } finally {
            browser.quit();
        }
        assertThat(http.postJson("/api/v1/regions/chongqing/sessions", Map.of("login", ticket, "password", "Juanlian-2027")).status())
                .isEqualTo(201);
        assertThat(http.postJson("/api/v1/regions/chongqing/sessions", Map.of("login", ticket, "password", "Liusha-2026")).status())
                .isEqualTo(401);
    }

    @Test
    void consoleAdminPasswordIsGeneratedOnceIntoAnOwnerOnlyFileAndNeverAdminAdmin() throws Exception {
        // left readable by others by an earlier version: tightened at start
        Files.createDirectories(home.resolve("logs"));
        Path old = Files.writeString(home.resolve("logs/kaowu.2026-01-01.0.log"), "an old log\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(home.resolve("logs"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(kaowu("start").exit()).isZero();
        awaitHealthy();
        awaitConsole();
        Path passwordFile = home.resolve("data/security/console-admin.password");
        String password = read(passwordFile).strip();
        assertThat(password).hasSizeGreaterThanOrEqualTo(16);
        assertThat(read(home.resolve("logs/kaowu.log"))).as("the password is never logged").doesNotContain(password)
                .contains("console-admin.password");
        assertThat(http.get("/system/console/bundles").status()).isEqualTo(401);
        assertThat(http.get("/system/console/bundles", "admin", "admin").status()).isEqualTo(401);
        assertThat(http.get("/system/console/bundles", "admin", password).status()).isEqualTo(200);
        assertThat(read(home.resolve("data/security/console-admin.bcrypt"))).startsWith("$2y$").doesNotContain(password);

        // personal data: data/ and logs/ and everything in them for the owner only
        for (String dir : List.of("data", "logs", "data/security")) {
            assertThat(Files.getPosixFilePermissions(home.resolve(dir))).as(dir).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
        for (Path f : List.of(passwordFile, home.resolve("data/security/console-admin.bcrypt"), home.resolve("logs/kaowu.log"), old)) {
            assertThat(Files.getPosixFilePermissions(f)).as(f.toString()).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        try (var all = Files.walk(home.resolve("data"))) {
            for (Path f : (Iterable<Path>) all::iterator) {
                assertThat(Files.getPosixFilePermissions(f)).as(f.toString())
                        .noneMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
            }
        }

        kaowu("stop");
        kaowu("start");
        awaitHealthy();
        awaitConsole();
        assertThat(read(passwordFile).strip()).as("generated once, kept across restarts").isEqualTo(password);
        assertThat(read(home.resolve("logs/kaowu.log")).lines().filter(l -> l.contains("password generated")).count()).isEqualTo(1);
        assertThat(http.get("/system/console/bundles", "admin", password).status()).isEqualTo(200);
    }

    @Test
    void runsOnPostgresqlWhenConfSaysSo() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            PGSimpleDataSource db = pg.newDatabase();
            Files.writeString(home.resolve("conf/org.kaowu.store.cfg"), "jdbcUrl=" + db.getURL() + "\nuser=kaowu\nmaxPoolSize=5\n");

            assertThat(kaowu("start").exit()).isZero();
            awaitHealthy();
            assertThat(http.get("/api/v1/health").json().path("database").asText()).isEqualTo("PostgreSQL");
            String id = IdNumbers.next();
            Http.Answer created = http.postJson("/api/v1/regions/chongqing/candidates", Map.of("name", "诸葛亮", "idType", "RESIDENT_ID",
                    "idNumber", id, "mobile", "13700000000", "password", "Wolong-2026"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String ticket = created.json().path("ticketNumber").asText();

            assertThat(kaowu("stop").exit()).isZero();
            assertThat(kaowu("start").exit()).isZero();
            awaitHealthy();
            assertThat(http.get(created.location()).json().path("ticketNumber").asText()).isEqualTo(ticket);

            // The rows are in PostgreSQL, and nothing went to an embedded Derby database.
            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT ticket_number, decided_by_bundle, id_number_enc FROM candidate WHERE ticket_number = '"
                         + ticket + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(ticket);
                assertThat(rs.getString(2)).isEqualTo("org.kaowu.regions.chongqing");
                assertThat(rs.getString(3)).as("the ID number is stored encrypted").doesNotContain(id).startsWith("k1:");
            }
            assertThat(home.resolve("data/derby")).doesNotExist();
            kaowu("stop");
        }
    }

    /**
     * The web console's Configuration form for a region's overrides, posted as the browser posts it: every
     * field of the form, the unset ones empty. Returns the status (302 saved, 400 refused).
     */
    private int consoleForm(String pid, Map<String, String> fields) throws Exception {
        StringBuilder form = new StringBuilder("apply=true&action=ajaxConfigManager&propertylist=" + String.join(",", fields.keySet()));
        fields.forEach((k, v) -> form.append('&').append(k).append('=').append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        String basic = java.util.Base64.getEncoder().encodeToString(("admin:" + KaowuPlatform.CONSOLE_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/system/console/configMgr/" + pid))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form.toString())).build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Map<String, String> overrides(String fees) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String field : List.of("enrollmentWindows", "dailyLocks", "fees", "publicHolidays", "makeUpWorkingDays")) {
            m.put(field, "");
        }
        m.put("fees", fees);
        return m;
    }

    private String hubeiFee() {
        JsonNode fees = http.get("/api/v1/regions/hubei").json().path("fees").path("items");
        for (JsonNode f : fees) {
            if (f.path("code").asText().equals("per-course")) {
                return f.path("amount").asText();
            }
        }
        return "none";
    }

    private void awaitFee(String amount) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!hubeiFee().equals(amount) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(hubeiFee()).isEqualTo(amount);
    }

    @Test
    void aConsoleEditIsCheckedByTheFormWrittenToConfAndSurvivesARestart() throws Exception {
        Files.writeString(home.resolve("conf/org.kaowu.web.console.cfg"), "username=admin\npassword=" + KaowuPlatform.CONSOLE_PASSWORD + "\n");
        Path cfg = home.resolve("conf/org.kaowu.region.hubei.cfg");
        assertThat(kaowu("start").exit()).isZero();
        awaitHealthy();
        awaitConsole();
        String shipped = hubeiFee();

        // the form refuses a value that breaks the region's rules: nothing saved, the region serves on
        assertThat(consoleForm("org.kaowu.region.hubei", overrides("per-course=abc"))).isEqualTo(400);
        assertThat(hubeiFee()).isEqualTo(shipped);
        assertThat(cfg).doesNotExist();
        assertThat(read(home.resolve("logs/kaowu.log"))).contains("refused in the web console: property fees value 'per-course=abc'");

        // a good one is applied and written to conf/ (a new file: the console made the configuration)
        assertThat(consoleForm("org.kaowu.region.hubei", overrides("per-course=31.00"))).isEqualTo(302);
        awaitFee("31.0");
        assertThat(read(cfg)).contains("fees=per-course\\=31.00");

        assertThat(kaowu("stop").exit()).isZero();
        assertThat(kaowu("start").exit()).isZero();
        awaitHealthy();
        awaitConsole();
        assertThat(hubeiFee()).as("the console's edit survived the restart").isEqualTo("31.0");

        // edited again, now that FileInstall reads the file: the file follows (the form drops FileInstall's name)
        assertThat(consoleForm("org.kaowu.region.hubei", overrides("per-course=32.00"))).isEqualTo(302);
        awaitFee("32.0");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!read(cfg).contains("32.00") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(read(cfg)).contains("fees=per-course\\=32.00").doesNotContain("31.00");
        assertThat(kaowu("stop").exit()).isZero();
        assertThat(kaowu("start").exit()).isZero();
        awaitHealthy();
        assertThat(hubeiFee()).isEqualTo("32.0");
    }

    /** The console registers after its security provider; until then it answers 404. */
    private void awaitConsole() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (http.get("/system/console/bundles").status() != 401 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
