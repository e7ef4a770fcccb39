package io.finrelay.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import io.finrelay.server.expense.SandboxProcess;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's headless Chromium): a person signs in with the keyboard, finds
 * a payment by its correlation id and reads its timeline, retries an exception and sees the payment go
 * through, dry-runs a bulk retry and then applies it, and cannot open another tenant's pages. Every page
 * is checked for a label on each control and for WCAG AA contrast, and a screenshot of each screen is
 * kept in {@code target/console-screenshots} (the build's artifact; the README shows the main ones).
 */
// The session's and the SLA's tests move the server's clock: they run last (the sandbox's webhooks of the
// treasurer's test are checked against the clock), and the context is closed after the class (see ConsoleSessionIT).
@org.springframework.test.annotation.DirtiesContext(classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT extends ConsoleTestSupport {
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private ChromeDriver browser;
    private TestTenant tenant;
    private TestTenant other;
    private String integration;

    @BeforeAll
    void setUp() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        tenant = newTenant("Acme");
        other = newTenant("Globex");
        integration = keyFor(tenant, tenant.adminKey(), "integration");
        newUser(tenant, "o.keller", "operator");
        newUser(tenant, "a.huber", "auditor");
        newUser(tenant, "t.admin", "tenant-admin");
        String entity = legalEntity(tenant);
        LocalDate today = LocalDate.ofInstant(serverClock.instant(), ZoneOffset.UTC);
        Answer items = post(tenant.path("/open-items"), tenant.adminKey(), "["
                + json("id", "AR-2026-004711", "direction", "RECEIVABLE", "legalEntity", entity, "counterpartyName",
                "Nordwind Spedition GmbH", "amount", "23800.00", "currency", "EUR", "dueDate", today.plusDays(12).toString()) + ","
                + json("id", "AP-2026-000318", "direction", "PAYABLE", "legalEntity", entity, "counterpartyName",
                "Hafen Service AG", "amount", "9990.00", "currency", "EUR", "dueDate", today.plusDays(30).toString()) + "]");
        assertThat(items.status()).as(String.valueOf(items.body())).isEqualTo(201);
        browser = Chromium.start();
    }

    /** The page each test ended on, kept beside the screenshots: what a failing test saw. */
    @AfterEach
    void keepLastPage(TestInfo test) throws IOException {
        String name = "last-" + test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test");
        Files.writeString(SCREENSHOTS.resolve(name + ".html"), browser.getPageSource());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterAll
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Signs in the way a keyboard user does: Tab from field to field, Enter to send. */
    private void signIn(TestTenant who, String username) {
        browser.manage().deleteAllCookies();
        browser.get(url("/ui"));
        assertThat(browser.getCurrentUrl()).contains("/ui/login");
        browser.findElement(By.id("tenant")).click();
        browser.switchTo().activeElement().sendKeys(who.slug());
        browser.switchTo().activeElement().sendKeys(Keys.TAB);
        browser.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(browser.switchTo().activeElement().getAttribute("id")).as("Tab reaches the username").isEqualTo("username");
        browser.switchTo().activeElement().sendKeys(username, Keys.TAB);
        assertThat(browser.switchTo().activeElement().getAttribute("id")).as("then the password").isEqualTo("password");
        browser.switchTo().activeElement().sendKeys(PASSWORD);
        pressAndWait(browser.switchTo().activeElement(), Keys.ENTER);
        assertThat(browser.getCurrentUrl()).doesNotContain("/ui/login");
    }

    @Test
    void aPersonSignsInFindsAPaymentByItsCorrelationIdAndReadsItsTimelineAcrossSystems() {
        String instance = approve(tenant, integration, "INV-2026-0042", "corr-inv-0042");
        await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(tenant, instance).equals("Paid"));
        signIn(tenant, "o.keller");
        assertThat(browser.getCurrentUrl()).endsWith("/ui/tenants/" + tenant.id());
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("Acme");
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector("#forecast-chart canvas")).isEmpty());
        checkPage("overview");

        clickAndWait(browser.findElement(By.linkText("Workflows")));
        WebElement search = browser.findElement(By.id("q"));
        search.sendKeys("corr-inv-0042");
        pressAndWait(search, Keys.ENTER);
        List<WebElement> rows = browser.findElements(By.cssSelector("#instances tbody tr"));
        assertThat(rows).hasSize(1);
        checkPage("workflows");
        clickAndWait(rows.getFirst().findElement(By.linkText("INV-2026-0042")));

        assertThat(browser.findElement(By.id("state")).getText()).startsWith("Paid");
        String timeline = browser.findElement(By.id("timeline")).getText();
        assertThat(timeline).contains("New → Posting on InvoiceApproved").contains("→ Paid");
        assertThat(timeline).as("the ERP's journal and the bank's payment references").contains("reference: JE-")
                .contains("reference: PAY-");
        checkPage("workflow-timeline");
    }

    @Test
    void anOperatorRetriesAnExceptionAndThePaymentGoesThrough() {
        String instance = approve(tenant, integration, "INV-FAIL-0070", "corr-0070");
        String exception = openException(tenant, instance);
        signIn(tenant, "o.keller");
        browser.get(url("/ui/tenants/" + tenant.id() + "/exceptions"));
        WebElement row = browser.findElement(By.cssSelector("tr[data-exception='" + exception + "']"));
        assertThat(row.getText()).contains("posting period 2026-03 is closed");
        checkPage("exceptions");
        clickAndWait(row.findElement(By.linkText("posting period 2026-03 is closed")));
        browser.findElement(By.id("note-owner")).sendKeys("o.keller");
        browser.findElement(By.id("note-comment")).sendKeys("finance reopens March today");
        clickAndWait(browser.findElement(By.id("save-notes")));
        assertThat(browser.findElement(By.id("owner")).getText()).isEqualTo("o.keller");
        assertThat(browser.findElement(By.id("history")).getText()).contains("comment: finance reopens March today");
        checkPage("exception");
        browser.get(url("/ui/tenants/" + tenant.id() + "/exceptions"));
        row = browser.findElement(By.cssSelector("tr[data-exception='" + exception + "']"));
        row.findElement(By.id("note-" + exception)).sendKeys("period reopened by finance");
        clickAndWait(row.findElement(By.cssSelector("button.retry")));

        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).isEqualTo("Exception " + exception + " is now RETRIED.");
        await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(tenant, instance).equals("Paid"));
        browser.get(url("/ui/tenants/" + tenant.id() + "/workflows/" + instance));
        assertThat(browser.findElement(By.id("state")).getText()).startsWith("Paid");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("exception.retry").contains("by user:o.keller");
    }

    @Test
    void aBulkRetryIsDryRunFirstAndThenAppliedToExactlyWhatTheDryRunShowed() {
        String first = approve(tenant, integration, "INV-FAIL-0101", "corr-0101");
        String second = approve(tenant, integration, "INV-FAIL-0102", "corr-0102");
        String e1 = openException(tenant, first);
        String e2 = openException(tenant, second);
        signIn(tenant, "o.keller");
        browser.get(url("/ui/tenants/" + tenant.id() + "/exceptions"));
        browser.findElement(By.id("pick-" + e1)).click();
        browser.findElement(By.id("pick-" + e2)).click();
        clickAndWait(browser.findElement(By.id("dry-run")));

        assertThat(browser.findElement(By.id("summary")).getText())
                .isEqualTo("2 would apply, 0 would be refused. Nothing has been sent yet.");
        assertThat(browser.findElement(By.id("bulk-result")).getText()).contains("RETRIED").contains("Posting");
        checkPage("bulk-dry-run");
        assertThat(exception(tenant, e1).get("status").asText()).isEqualTo("OPEN");
        assertThat(exception(tenant, e2).get("status").asText()).isEqualTo("OPEN");

        clickAndWait(browser.findElement(By.id("apply")));
        assertThat(browser.findElement(By.id("summary")).getText()).isEqualTo("2 applied, 0 refused.");
        await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(tenant, first).equals("Paid")
                && stateOf(tenant, second).equals("Paid"));
    }

    @Test
    void aTreasurerReleasesAReimbursementOnTheDeskAndItsSubmitterIsRefused() {
        TestTenant desk = newTenant("Desk");
        String key = post(desk.path("/api-keys"), desk.adminKey(), "{\"name\": \"desk set-up\", "
                + "\"roles\": [\"tenant-admin\", \"treasurer\"]}").body().get("secret").asText();
        Api finrelay = new Api("http://localhost:" + port, key);
        LocalDate today = LocalDate.ofInstant(serverClock.instant(), ZoneOffset.UTC);
        DemoData.World data = DemoData.setUp(finrelay, desk.id(), today);
        Map<String, String> urls = SandboxProcess.urls();
        connectPeers(finrelay, desk, urls);
        DemoData.Person submitter = data.people().get(6);
        newUser(desk, submitter.loginId(), "treasurer");
        newUser(desk, "t.berger", "treasurer");
        DemoData.Expense first = DemoData.expenses(new Random(42), data, submitter, today).getFirst();
        DemoData.Expense small = new DemoData.Expense(first.date(), first.vendor(), first.type(), first.account(),
                first.costCenter(), new BigDecimal("86.40"), first.taxCode(), first.project());
        String reportId = "EXP-DESK-0001";
        new Api(urls.get("expense-platform"), null).post("/_sandbox/reports", DemoData.report(reportId, submitter,
                "Kundentermin Hamburg", "EUR", List.of(small), serverClock.instant())).require(202);
        String path = desk.path("/expense-reports/" + reportId);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(path, desk.adminKey()).status() == 200
                && get(path, desk.adminKey()).body().get("state").asText().equals("AwaitingRelease"));

        signIn(desk, submitter.loginId());
        clickAndWait(browser.findElement(By.linkText("Releases")));
        WebElement row = browser.findElement(By.cssSelector("tr[data-report='" + reportId + "']"));
        assertThat(row.getText()).contains(reportId).contains("86.40 EUR");
        checkPage("releases");
        clickAndWait(row.findElement(By.cssSelector("button.release")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("403 · Release refused");
        assertThat(browser.findElement(By.cssSelector(".error")).getText())
                .contains("segregation of duties: " + submitter.loginId() + " submitted");
        assertThat(get(path, desk.adminKey()).body().get("state").asText()).isEqualTo("AwaitingRelease");

        signIn(desk, "t.berger");
        browser.get(url("/ui/tenants/" + desk.id() + "/releases"));
        clickAndWait(browser.findElement(By.cssSelector("tr[data-report='" + reportId + "'] button.release")));
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).isEqualTo("Report " + reportId
                + " released: now Paying.");
        await().atMost(Duration.ofSeconds(30)).until(() -> get(path, desk.adminKey()).body().get("state").asText()
                .equals("Reimbursed"));
        boolean releasedByThePerson = false;
        for (var entry : get(path, desk.adminKey()).body().get("timeline")) {
            releasedByThePerson |= entry.get("actor").asText().equals("user:t.berger")
                    && entry.path("detail").path("event").asText().equals("ReleaseRequested");
        }
        assertThat(releasedByThePerson).as("the release is audited with the treasurer as actor").isTrue();

        clickAndWait(browser.findElement(By.linkText("KPIs")));
        assertThat(browser.findElement(By.id("reports")).getText()).isEqualTo("1");
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector("#cycle-chart canvas")).isEmpty());
        checkPage("kpis");
    }

    @Test
    void aPartnersHostShowsItsBrandAndItsAdministratorSeesEveryTenantsHealth() {
        String partner = get("/v1/me", BOOTSTRAP_KEY).body().get("partnerId").asText();
        String brand = "/v1/partners/" + partner + "/brand";
        String host = "console.kanzlei-nord.example";
        Answer unreadable = call("PUT", brand, BOOTSTRAP_KEY, json("name", "Kanzlei Nord Treuhand", "primaryColour", "#9fd3ff",
                "hosts", List.of(host)), Map.of());
        assertThat(unreadable.status()).isEqualTo(400);
        assertThat(unreadable.body().get("errors").get(0).get("field").asText()).isEqualTo("primaryColour");
        Answer set = call("PUT", brand, BOOTSTRAP_KEY, json("name", "Kanzlei Nord Treuhand", "primaryColour", "#1f5e3b",
                "hosts", List.of(host)), Map.of());
        assertThat(set.status()).as(String.valueOf(set.body())).isEqualTo(200);
        Answer notAnImage = call("PUT", brand + "/logo", BOOTSTRAP_KEY, "<svg onload='alert(1)'/>",
                Map.of("Content-Type", "image/png"));
        assertThat(notAnImage.status()).isEqualTo(400);
        Map<String, String> asPng = Map.of("Content-Type", "image/png");
        assertThat(callWithBytes("PUT", brand + "/logo", BOOTSTRAP_KEY, png(1024, 64), asPng).status())
                .as("a logo is a header mark").isEqualTo(400);
        assertThat(callWithBytes("PUT", brand + "/logo", BOOTSTRAP_KEY, png(96, 32), asPng).status()).isEqualTo(200);
        String admin = "k.nord-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(post("/v1/partners/" + partner + "/users", BOOTSTRAP_KEY, json("username", admin, "password", PASSWORD))
                .status()).isEqualTo(201);
        String openInAcme = openException(tenant, approve(tenant, integration, "INV-FAIL-PARTNER-1", "corr-partner-1"));

        browser.manage().deleteAllCookies();
        browser.get(url("/ui/login"));
        assertThat(browser.findElement(By.id("brand")).getText()).as("Finrelay's own brand elsewhere").isEqualTo("Finrelay");
        browser.get("http://" + host + ":" + port + "/ui/login");
        assertThat(browser.findElement(By.id("brand")).getText()).isEqualTo("Kanzlei Nord Treuhand");
        assertThat(browser.findElement(By.cssSelector("header.top")).getCssValue("background-color"))
                .isEqualTo("rgba(31, 94, 59, 1)");
        Object logoWidth = ((JavascriptExecutor) browser).executeScript(
                "const i = document.querySelector('#brand img.logo'); return i ? i.naturalWidth : -1;");
        assertThat(((Number) logoWidth).intValue()).as("the partner's logo is shown").isEqualTo(96);
        checkPage("partner-login");
        browser.findElement(By.id("partner")).sendKeys(partner);
        browser.findElement(By.id("username")).sendKeys(admin);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        pressAndWait(browser.findElement(By.id("password")), Keys.ENTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/ui/partners/" + partner));
        assertThat(browser.getCurrentUrl()).startsWith("http://" + host + ":");
        WebElement row = browser.findElement(By.cssSelector("tr[data-tenant='" + tenant.id() + "']"));
        assertThat(row.getText()).startsWith("Acme");
        assertThat(exception(tenant, openInAcme).get("status").asText()).isEqualTo("OPEN");
        List<WebElement> cells = row.findElements(By.tagName("td"));
        assertThat(Integer.parseInt(cells.get(1).getText())).as("the refused posting's command waits").isGreaterThanOrEqualTo(1);
        assertThat(Integer.parseInt(cells.get(4).getText())).as("open exceptions").isGreaterThanOrEqualTo(1);
        assertThat(browser.findElements(By.cssSelector("tr[data-tenant='" + other.id() + "']"))).hasSize(1);
        checkPage("partner-overview");
        clickAndWait(row.findElement(By.tagName("a")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Acme");
        assertThat(browser.findElement(By.id("brand")).getText()).isEqualTo("Kanzlei Nord Treuhand");
        clickAndWait(browser.findElement(By.linkText("Settings")));
        browser.findElement(By.id("key-name")).sendKeys("Month-end export");
        clickAndWait(browser.findElement(By.id("create-key")));
        assertThat(browser.findElement(By.id("created-secret")).getText()).startsWith("frk_");
        checkPage("settings");
    }

    @Test
    void anAuditorFollowsTheTrailAndVerifiesItsChainAndTheReviewPagesMeetTheSameChecks() {
        signIn(tenant, "a.huber");
        clickAndWait(browser.findElement(By.linkText("Audit")));
        assertThat(browser.findElement(By.id("audit")).getText()).contains("login.succeeded");
        clickAndWait(browser.findElement(By.id("verify")));
        assertThat(browser.findElement(By.id("verification")).getText()).startsWith("Intact: ");
        checkPage("audit");
        clickAndWait(browser.findElement(By.linkText("Reconciliation")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Reconciliation review");
        checkPage("reconciliation");
        browser.get(url("/ui/tenants/" + tenant.id() + "/reconciliation?status=UNMATCHED"));
        assertThat(browser.findElement(By.id("unmatched-items")).getText()).contains("AR-2026-004711")
                .contains("Nordwind Spedition GmbH").contains("23800.00 EUR");
        checkPage("unmatched");
        browser.get(url("/ui/tenants/" + tenant.id() + "/reconciliation"));
        clickAndWait(browser.findElement(By.linkText("Releases")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Reimbursements awaiting release");
    }

    @Test
    void aPersonSignsInThroughTheEnterpriseIssuerWithOneClick() {
        io.finrelay.server.security.TestIssuer.signedIn(io.finrelay.server.security.TestIssuer.claims(
                "e.fischer@acme-logistik.example", tenant.id(), serverClock.instant().plusSeconds(600), "viewer").build());
        browser.manage().deleteAllCookies();
        browser.get(url("/ui/login"));
        clickAndWait(browser.findElement(By.id("oidc")));
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/ui/tenants/" + tenant.id()));
        assertThat(browser.findElement(By.cssSelector(".who span")).getText())
                .isEqualTo("e.fischer@acme-logistik.example · viewer");
    }

    @Test
    void aTenantsPersonCannotOpenAnotherTenantsPages() {
        signIn(tenant, "o.keller");
        browser.get(url("/ui/tenants/" + other.id() + "/workflows"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("404");
        browser.get(url("/ui/tenants/" + other.id()));
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("404");
        checkPage("not-found");
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE - 1)
    void aSessionInUseOutlivesItsIdleTimeAndAFormOpenAcrossARenewalStillPosts() {
        String exception = openException(tenant, approve(tenant, integration, "INV-FAIL-0130", "corr-0130"));
        signIn(tenant, "o.keller");
        browser.get(url("/ui/tenants/" + tenant.id() + "/exceptions/" + exception));
        browser.findElement(By.id("note-comment")).sendKeys("vendor asked for a new bank account; checking");
        // Twenty minutes on, the person works in another tab: that request renews the session (the same cookie jar).
        serverClock.advance(Duration.ofMinutes(20));
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/ui/tenants/%s/workflows', {credentials: 'same-origin'}).then(r => done(r.status));"""
                .formatted(tenant.id()));
        assertThat(((Number) status).intValue()).isEqualTo(200);
        // Another twenty: 40 minutes after the sign-in (idle time 30), 20 after the renewal; the open form still posts.
        serverClock.advance(Duration.ofMinutes(20));
        clickAndWait(browser.findElement(By.id("save-notes")));
        assertThat(browser.getCurrentUrl()).endsWith("/exceptions/" + exception);
        assertThat(browser.findElement(By.id("history")).getText()).contains("comment: vendor asked for a new bank account");
        checkPage("session-renewed");
        // Left alone past the idle time, the next click lands on the sign-in, and back after it.
        serverClock.advance(Duration.ofMinutes(31));
        clickAndWait(browser.findElement(By.linkText("Workflows")));
        assertThat(browser.getCurrentUrl()).contains("/ui/login?next=");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isNotEmpty();
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void aTenantAdminSetsTheSlaWithTheKeyboardAndTheWorkbenchShowsWhatIsBreached() {
        String exception = openException(tenant, approve(tenant, integration, "INV-FAIL-0140", "corr-0140"));
        signIn(tenant, "t.admin");
        clickAndWait(browser.findElement(By.linkText("Settings")));
        WebElement within = browser.findElement(By.id("sla-within"));
        within.click();
        within.sendKeys(Keys.chord(Keys.CONTROL, "a"), "PT8H", Keys.TAB);
        assertThat(browser.switchTo().activeElement().getAttribute("id")).as("Tab reaches due soon").isEqualTo("sla-soon");
        browser.switchTo().activeElement().sendKeys(Keys.chord(Keys.CONTROL, "a"), "PT2H", Keys.TAB);
        assertThat(browser.switchTo().activeElement().getAttribute("id")).as("then the codes").isEqualTo("sla-codes");
        browser.switchTo().activeElement().sendKeys("permanent-failure PT20M", Keys.TAB);
        assertThat(browser.switchTo().activeElement().getAttribute("id")).as("then the button").isEqualTo("save-sla");
        pressAndWait(browser.switchTo().activeElement(), Keys.ENTER);
        assertThat(browser.findElement(By.id("sla-current")).getText()).contains("PT8H").contains("PT2H")
                .contains("permanent-failure PT20M");
        checkPage("settings-sla");

        serverClock.advance(Duration.ofMinutes(21)); // past the reason code's 20 minutes, within the session's idle time
        clickAndWait(browser.findElement(By.linkText("Exceptions")));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("sla"))).selectByValue("breached");
        clickAndWait(browser.findElement(By.cssSelector("form.filters button[type=submit]")));
        assertThat(browser.getCurrentUrl()).contains("sla=breached");
        WebElement row = browser.findElement(By.cssSelector("tr[data-exception='" + exception + "']"));
        assertThat(row.findElement(By.cssSelector("td[data-sla]")).getText()).endsWith("(breached)");
        assertThat(browser.findElements(By.cssSelector("td[data-sla]"))).allSatisfy(cell ->
                assertThat(cell.getAttribute("data-sla")).isEqualTo("breached"));
        checkPage("exceptions-sla");
    }

    @Test
    void aTenantAdminAddsAReconciliationRuleAndAnOperatorOnlyReadsTheSettings() {
        signIn(tenant, "t.admin");
        clickAndWait(browser.findElement(By.linkText("Reconciliation")));
        clickAndWait(browser.findElement(By.id("recon-settings-link")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Reconciliation settings and rules");
        browser.findElement(By.id("rule-name")).sendKeys("Kontoführungsgebühren", Keys.TAB);
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("rule-code");
        browser.switchTo().activeElement().sendKeys("PMNT-MCOP-CHRG", Keys.TAB, Keys.TAB, Keys.TAB);
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("rule-direction");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("rule-direction"))).selectByValue("DEBIT");
        browser.findElement(By.id("rule-account")).sendKeys("6855");
        clickAndWait(browser.findElement(By.id("save-rule")));
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).isEqualTo("The rules are saved.");
        assertThat(browser.findElement(By.id("rules")).getText()).contains("Kontoführungsgebühren")
                .contains("PMNT-MCOP-CHRG").contains("DEBIT").contains("6855");
        WebElement threshold = browser.findElement(By.id("rs-threshold"));
        threshold.clear();
        threshold.sendKeys("0.95");
        clickAndWait(browser.findElement(By.id("save-recon-settings")));
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).isEqualTo("The settings are saved.");
        assertThat(get(tenant.path("/reconciliation/settings"), tenant.adminKey()).body().get("autoThreshold").asDouble())
                .isEqualTo(0.95);
        checkPage("reconciliation-settings");

        signIn(tenant, "o.keller");
        browser.get(url("/ui/tenants/" + tenant.id() + "/reconciliation/settings"));
        assertThat(browser.findElement(By.id("rs-threshold")).isEnabled()).isFalse();
        assertThat(browser.findElements(By.id("save-recon-settings"))).isEmpty();
        assertThat(browser.findElements(By.id("add-rule"))).isEmpty();
        assertThat(browser.findElement(By.id("rules")).getText()).contains("Kontoführungsgebühren");
        checkPage("reconciliation-settings-read-only");
    }

    /** A PNG of the given size in the partner's colour, as a partner's designer would export it. */
    private static byte[] png(int width, int height) {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(new java.awt.Color(0x1f, 0x5e, 0x3b));
        g.fillRect(0, 0, width, height);
        g.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Clicks what leads to another page and waits until that page has loaded (the old one gone, the new one complete). */
    private void clickAndWait(WebElement target) {
        WebElement before = browser.findElement(By.tagName("html"));
        target.click();
        loaded(before);
    }

    /** Presses a key that sends a form, and waits for the page it leads to. */
    private void pressAndWait(WebElement field, Keys key) {
        WebElement before = browser.findElement(By.tagName("html"));
        field.sendKeys(key);
        loaded(before);
    }

    private void loaded(WebElement before) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        // The old page is gone when its root element no longer answers. ChromeDriver says so either as a stale
        // reference or, while the new document is being built, as an inspector error about a foreign node.
        wait.until(d -> {
            try {
                before.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                return true;
            }
        });
        wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /** The tenant's expense settings point at the sandbox peers, whose signed webhooks reach Finrelay (as the demo does). */
    private void connectPeers(Api finrelay, TestTenant desk, Map<String, String> urls) {
        var settings = finrelay.put(desk.path("/expense/settings"), Map.of("expensePlatformUrl", urls.get("expense-platform"),
                "erpUrl", urls.get("erp"), "treasuryUrl", urls.get("treasury"), "timeoutMillis", 5_000)).require(200).body();
        new Api(urls.get("expense-platform"), null).post("/_sandbox/subscriptions", Map.of("url", "http://localhost:" + port
                + settings.get("expenseWebhookUrl").asText(), "secret", settings.get("expenseWebhookSecret").asText())).require(200);
        new Api(urls.get("bank"), null).post("/_sandbox/subscriptions", Map.of("url", "http://localhost:" + port
                + settings.get("bankWebhookUrl").asText(), "secret", settings.get("bankWebhookSecret").asText())).require(200);
    }

    /** A label on every control, WCAG AA contrast for the page's text, links and buttons, and a screenshot. */
    private void checkPage(String name) {
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) ((JavascriptExecutor) browser).executeScript("""
                return Array.from(document.querySelectorAll('input, select, textarea'))
                  .filter(e => e.type !== 'hidden')
                  .filter(e => !(e.id && document.querySelector('label[for="' + e.id + '"]')) && !e.getAttribute('aria-label'))
                  .map(e => e.outerHTML);""");
        assertThat(unlabelled).as(name + ": controls without a label").isEmpty();
        @SuppressWarnings("unchecked")
        List<Map<String, String>> pairs = (List<Map<String, String>>) ((JavascriptExecutor) browser).executeScript("""
                const bg = e => { for (let n = e; n; n = n.parentElement) { const c = getComputedStyle(n).backgroundColor;
                    if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
                return Array.from(document.querySelectorAll('body, p, td, th, a, button, label, h1, h2, span, li, dt, dd'))
                  .filter(e => e.offsetParent !== null || e.tagName === 'BODY')
                  .map(e => ({ what: e.tagName + ' ' + (e.textContent || '').trim().slice(0, 30),
                               fg: getComputedStyle(e).color, bg: bg(e) }));""");
        List<String> weak = new ArrayList<>();
        for (Map<String, String> pair : pairs) {
            double ratio = Contrast.ratio(pair.get("fg"), pair.get("bg"));
            if (ratio < 4.5) {
                weak.add(pair.get("what") + " " + pair.get("fg") + " on " + pair.get("bg") + " = " + ratio);
            }
        }
        assertThat(weak).as(name + ": text below WCAG AA contrast (4.5:1)").isEmpty();
        try {
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
