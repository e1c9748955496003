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
        return kaowu(home, port, command);
    }

    private static Process.Result kaowu(Path home, int port, String command) throws Exception {
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
        return awaitHealthy(http, home);
    }

    private static Duration awaitHealthy(Http http, Path home) throws InterruptedException {
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
            // the ticket number issued at registration is told by e-mail first
            assertThat(smtp.waitForIncomingEmail(20_000, 1)).as("the ticket notice arrived").isTrue();
            MimeMessage notice = smtp.getReceivedMessages()[0];
            assertThat(notice.getSubject()).contains("准考证号");
            assertThat(notice.getContent().toString()).contains(ticket);

            Http.Answer started = http.postJson("/api/v1/regions/chongqing/password-recoveries",
                    Map.of("channel", "EMAIL_LINK", "idNumber", id, "ticketNumber", ticket));
            assertThat(started.status()).as(started.toString()).isEqualTo(201);
            assertThat(smtp.waitForIncomingEmail(20_000, 2)).as("an e-mail arrived").isTrue();
            MimeMessage mail = smtp.getReceivedMessages()[1];
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
                        // the ticket number's notice goes to the same address: the reset e-mail is the one with the link
                        if (text.contains("To: wujing@example.cn") && text.contains("/portal/reset.html?")) {
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
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
            wait.until(d -> !d.findElements(By.id("reset-newPassword")).isEmpty());
            assertThat(browser.getTitle()).containsAnyOf("重设密码", "Set a new password");
            assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token=");
            // mismatching confirmation: the API's problem detail is shown, nothing changes
            browser.findElement(By.id("reset-newPassword")).sendKeys("Juanlian-2027");
            browser.findElement(By.id("reset-confirm")).sendKeys("Juanlian-2028");
            browser.findElement(By.cssSelector("#reset button[type=submit]")).click();
            wait.until(d -> !d.findElement(By.id("reset-alert")).getText().isBlank());
            browser.findElement(By.id("reset-confirm")).clear();
            browser.findElement(By.id("reset-confirm")).sendKeys("Juanlian-2027");
            browser.findElement(By.cssSelector("#reset button[type=submit]")).click();
            wait.until(d -> !d.findElements(By.id("reset-done")).isEmpty());
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

    /** Two nodes: two copies of the distribution, two ports, one fresh PostgreSQL database, started at the same moment. */
    @Test
    void twoNodesStartedAtOnceOnOnePostgresqlBothComeUpAndShareTheData() throws Exception {
        Path secondHome = work.resolve("kaowu-2");
        Path dist = KaowuPlatform.distribution();
        for (String part : new String[] {"bin", "conf", "bundle", "deploy", "data/cds"}) {
            if (Files.exists(dist.resolve(part))) {
                KaowuPlatform.copyTree(dist.resolve(part), secondHome.resolve(part));
            }
        }
        int secondPort = KaowuPlatform.freePort();
        Http second = new Http(secondPort);
        java.security.SecureRandom random = new java.security.SecureRandom();
        byte[] key = new byte[32];
        byte[] lookup = new byte[32];
        random.nextBytes(key);
        random.nextBytes(lookup);
        java.util.concurrent.ExecutorService starter = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (PostgresServer pg = PostgresServer.start()) {
            PGSimpleDataSource db = pg.newDatabase();
            // every node of a deployment has the same personal-data keys
            String conf = "jdbcUrl=" + db.getURL() + "\nuser=kaowu\nmaxPoolSize=5\npersonalDataKeys=k1:"
                    + java.util.Base64.getEncoder().encodeToString(key) + "\npersonalDataLookupKey=" + java.util.Base64.getEncoder().encodeToString(lookup) + "\n";
            Files.writeString(home.resolve("conf/org.kaowu.store.cfg"), conf);
            Files.writeString(secondHome.resolve("conf/org.kaowu.store.cfg"), conf);

            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            var first = starter.submit(() -> {
                go.await();
                return kaowu(home, port, "start");
            });
            var other = starter.submit(() -> {
                go.await();
                return kaowu(secondHome, secondPort, "start");
            });
            go.countDown();
            assertThat(first.get(90, TimeUnit.SECONDS).exit()).isZero();
            assertThat(other.get(90, TimeUnit.SECONDS).exit()).isZero();
            Duration up1 = awaitHealthy(http, home);
            Duration up2 = awaitHealthy(second, secondHome);
            for (Http node : List.of(http, second)) {
                assertThat(node.get("/api/v1/health").json().path("database").asText()).isEqualTo("PostgreSQL");
            }

            // each migration was applied once, by one of the two
            java.util.regex.Pattern applied = java.util.regex.Pattern.compile("migrations applied now: \\[([0-9, ]*)]");
            List<Integer> all = new java.util.ArrayList<>();
            for (Path h : List.of(home, secondHome)) {
                java.util.regex.Matcher m = applied.matcher(read(h.resolve("logs/kaowu.log")));
                assertThat(m.find()).as(h + " logged its migrations").isTrue();
                for (String v : m.group(1).split(",\\s*")) {
                    if (!v.isBlank()) {
                        all.add(Integer.valueOf(v.strip()));
                    }
                }
            }
            java.util.Collections.sort(all);
            List<Integer> recorded = new java.util.ArrayList<>();
            try (Connection c = db.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success")) {
                while (rs.next()) {
                    recorded.add(Integer.valueOf(rs.getString(1)));
                }
            }
            java.util.Collections.sort(recorded);
            // every migration of the release (V1 to V8 and whatever came after) recorded once, applied by one node
            assertThat(recorded).startsWith(1, 2, 3, 4, 5, 6, 7, 8).doesNotHaveDuplicates();
            assertThat(all).isEqualTo(recorded);

            // a candidate registered on one node is read on the other
            String id = IdNumbers.next();
            Http.Answer created = http.postJson("/api/v1/regions/chongqing/candidates", candidate("司马懿", id, "13700000001", null, "Zhongda-2026"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            Http.Answer there = second.get(java.net.URI.create(created.location()).getPath());
            assertThat(there.status()).as(there.toString()).isEqualTo(200);
            assertThat(there.json().path("ticketNumber").asText()).isEqualTo(created.json().path("ticketNumber").asText());
            assertThat(second.postJson("/api/v1/regions/chongqing/ticket-number-lookups", Map.of("name", "司马懿", "idNumber", id))
                    .json().path("ticketNumber").asText()).isEqualTo(created.json().path("ticketNumber").asText());
            System.out.printf("two nodes on one PostgreSQL: health UP after %d ms and %d ms%n", up1.toMillis(), up2.toMillis());
        } finally {
            kaowu(secondHome, secondPort, "stop");
            kaowu("stop");
            starter.shutdownNow();
        }
    }

    /**
     * An operator replaces the store bundle by one whose V1 migration, already applied to the database,
     * was edited: the start stops with a message naming it, the store stays down, nothing is repaired;
     * the bundle as released starts again on the same data.
     */
    @Test
    void aStoreBundleWithAnEditedAppliedMigrationDoesNotStart() throws Exception {
        assertThat(kaowu("start").exit()).isZero();
        awaitHealthy();
        String id = IdNumbers.next();
        Http.Answer created = http.postJson("/api/v1/regions/chongqing/candidates", candidate("曹操", id, "13700000002", null, "Mengde-2026"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(kaowu("stop").exit()).isZero();

        Path storeJar;
        try (var jars = Files.list(home.resolve("bundle"))) {
            storeJar = jars.filter(p -> p.getFileName().toString().matches("kaowu-store-[0-9.]+(-SNAPSHOT)?\\.jar")).findFirst().orElseThrow();
        }
        Path released = work.resolve("released-store.jar");
        Files.copy(storeJar, released);
        rewrite(released, storeJar, "db/migration/V1__candidates.sql", sql -> sql.replace("VARCHAR(100)", "VARCHAR(120)"));
        Files.writeString(home.resolve("logs/kaowu.log"), "");

        assertThat(kaowu("start").exit()).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!read(home.resolve("logs/kaowu.log")).contains("Store not started") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        String log = read(home.resolve("logs/kaowu.log"));
        assertThat(log).contains("Store not started: Database schema refused: an applied migration V1 (V1__candidates.sql) differs")
                .contains("checksum mismatch");
        // until the platform's own health answers (not Jetty or a servlet still on its way)
        Http.Answer health = http.get("/api/v1/health");
        while (!(health.status() != -1 && health.body().contains("\"database\"")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            health = http.get("/api/v1/health");
        }
        assertThat(health.status()).as(health.toString()).isEqualTo(503);
        assertThat(health.json().path("status").asText()).isEqualTo("DOWN");
        assertThat(kaowu("stop").exit()).isZero();

        // no repair was made behind the operator's back: the released bundle starts on the same data
        Files.copy(released, storeJar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(kaowu("start").exit()).isZero();
        awaitHealthy();
        assertThat(http.get(created.location()).json().path("ticketNumber").asText()).isEqualTo(created.json().path("ticketNumber").asText());
    }

    /** Copies a jar, changing one text entry. */
    private static void rewrite(Path from, Path to, String entry, java.util.function.UnaryOperator<String> edit) throws IOException {
        boolean edited = false;
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(from));
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(to))) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals(entry)) {
                    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                    String changed = edit.apply(text);
                    assertThat(changed).isNotEqualTo(text);
                    bytes = changed.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    edited = true;
                }
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        assertThat(edited).as(entry + " found").isTrue();
    }

    /** The console registers after its security provider; until then it answers 404. */
    private void awaitConsole() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (http.get("/system/console/bundles").status() != 401 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
