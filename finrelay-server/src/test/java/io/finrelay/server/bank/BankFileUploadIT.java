package io.finrelay.server.bank;

import static io.finrelay.server.bank.TestBankFiles.TWO_MOVEMENTS;
import static io.finrelay.server.bank.TestBankFiles.camt052;
import static io.finrelay.server.bank.TestBankFiles.camt053;
import static io.finrelay.server.bank.TestBankFiles.pain002;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.Database;
import io.finrelay.formats.channel.ReceivedFile;
import io.finrelay.model.bank.Iban;
import io.finrelay.server.ServerIT;
import io.finrelay.server.fixtures.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

/**
 * Bank files by API on the real PostgreSQL: the upload takes the channels' import path, a file is
 * one import per tenant whichever way it came, bad files are refused naming file and line and are
 * quarantined with an exception, statements of unregistered accounts are flagged, pain.002 statuses
 * without a known payment open exceptions, and cash positions follow the newest statement.
 */
class BankFileUploadIT extends ServerIT {
    private static final String HOUSE_IBAN = "DE89370400440532013000";
    private static final String OTHER_IBAN = "DE02120300000000202051";
    private static final LocalDate MARCH_2 = LocalDate.of(2026, 3, 2);

    /** Every BankFileImported the server published since this class started listening. */
    private static final List<BankFileImported> EVENTS = new CopyOnWriteArrayList<>();
    private static boolean listening;

    @Autowired
    BankChannels channels;
    @Autowired
    Database db;
    /** The server's clock (never advanced here: other test classes share it and its webhooks' time window). */
    @Autowired
    TestClock serverClock;

    @Autowired
    ConfigurableApplicationContext context;

    @TempDir
    Path root;

    private TestTenant tenant;
    private String entity;

    @BeforeEach
    void tenantWithAHouseBankAccount() {
        synchronized (EVENTS) {
            if (!listening) {
                context.addApplicationListener(new ApplicationListener<PayloadApplicationEvent<BankFileImported>>() {
                    @Override
                    public void onApplicationEvent(PayloadApplicationEvent<BankFileImported> event) {
                        EVENTS.add(event.getPayload());
                    }
                });
                listening = true;
            }
        }
        tenant = newTenant("Upload");
        entity = legalEntity(tenant);
        assertThat(putAccount(tenant, HOUSE_IBAN, Map.of("legalEntity", entity, "currency", "EUR", "bic", "COBADEFFXXX",
                "name", "Commerzbank Geschaeftskonto")).status()).isEqualTo(201);
    }

    @Test
    void anUploadIsImportedOnceAndTheSameContentAgainAnswersTheEarlierRecord() {
        String statement = camt053("CAMT053-20260302-001", "STMT-20260302", HOUSE_IBAN, MARCH_2, "120000.00", TWO_MOVEMENTS);

        Answer first = upload(tenant, "commerzbank", "camt053_20260302.xml", statement, "application/xml");

        assertThat(first.status()).as(String.valueOf(first.body())).isEqualTo(201);
        String id = first.body().get("id").asText();
        assertThat(first.header("Location")).isEqualTo("/v1/tenants/" + tenant.id() + "/bank-files/" + id);
        assertThat(first.body().get("status").asText()).isEqualTo("IMPORTED");
        assertThat(first.body().get("format").asText()).isEqualTo("CAMT");
        assertThat(first.body().get("connection").asText()).isEqualTo("commerzbank");
        assertThat(first.body().get("messageId").asText()).isEqualTo("CAMT053-20260302-001");
        assertThat(first.body().get("statements").asInt()).isEqualTo(1);
        assertThat(first.body().get("lines").asInt()).isEqualTo(2);
        assertThat(first.body().get("credits").get("EUR").asText()).isEqualTo("4250.00");
        assertThat(first.body().get("debits").get("EUR").asText()).isEqualTo("1190.00");
        assertThat(first.body().get("unregisteredAccounts")).isEmpty();
        assertThat(EVENTS).contains(new BankFileImported(UUID.fromString(tenant.id()), UUID.fromString(id)));

        Answer again = upload(tenant, "commerzbank", "camt053_20260302_resent.xml", statement, "text/plain");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("id").asText()).isEqualTo(id);
        assertThat(again.body().get("name").asText()).isEqualTo("camt053_20260302.xml");
        assertThat(statuses(tenant)).containsExactly("DUPLICATE camt053_20260302_resent.xml", "IMPORTED camt053_20260302.xml");
        assertThat(lineCount(tenant)).isEqualTo(2);
    }

    @Test
    void theSameStatementThroughTwoChannelsAndAnUploadIsOneImport() throws IOException {
        String statement = camt053("CAMT053-20260302-002", "STMT-20260302-B", HOUSE_IBAN, MARCH_2, "98000.00", TWO_MOVEMENTS);
        Path a = root.resolve("ebics");
        Path b = root.resolve("sftp-mirror");
        PolledChannel ebics = channels.open(channel(tenant, "ebics", a));
        PolledChannel mirror = channels.open(channel(tenant, "sftp-mirror", b));

        drop(a, "STA_20260302.xml", statement);
        assertThat(ebics.poll()).singleElement().extracting(ReceivedFile::status).isEqualTo(ReceivedFile.Status.IMPORTED);
        drop(b, "statement-copy.xml", statement);
        assertThat(mirror.poll()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(ReceivedFile.Status.DUPLICATE);
            assertThat(f.problems()).singleElement().asString().contains("STA_20260302.xml");
        });
        Answer uploaded = upload(tenant, "treasury-desk", "downloaded.xml", statement, "application/octet-stream");
        assertThat(uploaded.status()).isEqualTo(200);
        assertThat(uploaded.body().get("name").asText()).isEqualTo("STA_20260302.xml");
        assertThat(uploaded.body().get("connection").asText()).isEqualTo("ebics");

        // The same message re-wrapped by the bank (other bytes, same message id) is the same file too.
        Answer rewrapped = upload(tenant, "ebics", "STA_20260302_2.xml", statement.replace("  ", "    "), "application/xml");
        assertThat(rewrapped.status()).isEqualTo(200);
        assertThat(rewrapped.body().get("name").asText()).isEqualTo("STA_20260302.xml");
        assertThat(lineCount(tenant)).isEqualTo(2);
        assertThat(statuses(tenant)).filteredOn(s -> s.startsWith("IMPORTED")).containsExactly("IMPORTED STA_20260302.xml");
        assertThat(Files.exists(b.resolve("archive/statement-copy.xml"))).isTrue();
    }

    @Test
    void anotherTenantUploadingTheSameContentGetsItsOwnImportAndCannotSeeTheFirst() {
        String statement = camt053("CAMT053-20260302-003", "STMT-20260302-C", HOUSE_IBAN, MARCH_2, "5000.00", TWO_MOVEMENTS);
        Answer mine = upload(tenant, "commerzbank", "stmt.xml", statement, "application/xml");
        TestTenant other = newTenant("UploadOther");

        Answer theirs = upload(other, "commerzbank", "stmt.xml", statement, "application/xml");

        assertThat(mine.status()).isEqualTo(201);
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.body().get("id").asText()).isNotEqualTo(mine.body().get("id").asText());
        // The other tenant has not registered the account: imported, flagged.
        assertThat(theirs.body().get("unregisteredAccounts")).extracting(JsonNode::asText).containsExactly(HOUSE_IBAN);
        assertThat(get(other.path("/bank-files/" + mine.body().get("id").asText()), other.adminKey()).status()).isEqualTo(404);
        // The tenant wall: another tenant's key gets 404 on every new endpoint of this tenant.
        assertThat(upload(tenant, "commerzbank", "x.xml", statement, "application/xml", other.adminKey()).status())
                .isEqualTo(404);
        assertThat(get(tenant.path("/bank-accounts"), other.adminKey()).status()).isEqualTo(404);
        assertThat(get(tenant.path("/bank-accounts/" + HOUSE_IBAN), other.adminKey()).status()).isEqualTo(404);
        assertThat(putAccount(tenant, HOUSE_IBAN, Map.of("legalEntity", entity, "currency", "EUR"), other.adminKey()).status())
                .isEqualTo(404);
        assertThat(get(tenant.path("/cash/positions"), other.adminKey()).status()).isEqualTo(404);
    }

    @Test
    void aDaysForecastIsHeldAgainstTheClosingTheBanksStatementOfThatDayThenReports() {
        // The statement of 2 March opens the forecast: 120,000.00 + 4,250.00 - 1,190.00 = 123,060.00.
        assertThat(upload(tenant, "commerzbank", "camt053_20260302_f.xml", camt053("CAMT053-20260302-F", "STMT-20260302-F",
                HOUSE_IBAN, MARCH_2, "120000.00", TWO_MOVEMENTS), "application/xml").status()).isEqualTo(201);
        LocalDate today = LocalDate.ofInstant(serverClock.instant(), java.time.ZoneOffset.UTC);
        LocalDate tomorrow = today.plusDays(1);
        assertThat(post(tenant.path("/open-items"), tenant.adminKey(), "[" + json("id", "AR-2026-004711", "direction",
                "RECEIVABLE", "legalEntity", entity, "counterpartyName", "Nordwind Spedition GmbH", "amount", "2380.00",
                "currency", "EUR", "dueDate", tomorrow.toString()) + "]").status()).isEqualTo(201);
        JsonNode forecast = get(tenant.path("/cash/forecast?currency=EUR&days=2"), tenant.adminKey()).body();
        assertThat(forecast.get("series").get(0).get("days").get(1).get("closing").asText()).isEqualTo("125440.00");

        // Read again after another item: the day's forecast was kept as first read.
        post(tenant.path("/open-items"), tenant.adminKey(), "[" + json("id", "AR-2026-004712", "direction", "RECEIVABLE",
                "legalEntity", entity, "counterpartyName", "Hafen Service AG", "amount", "999.00", "currency", "EUR",
                "dueDate", tomorrow.toString()) + "]");
        get(tenant.path("/cash/forecast"), tenant.adminKey());
        assertThat(get(tenant.path("/cash/forecast/accuracy"), tenant.adminKey()).body().get("series"))
                .as("no statement of tomorrow yet").isEmpty();

        // Tomorrow's statement: 123,060.00 + 4,250.00 - 1,190.00 = 126,120.00; the forecast said 125,440.00.
        assertThat(upload(tenant, "commerzbank", "camt053_tomorrow.xml", camt053("CAMT053-TOMORROW", "STMT-TOMORROW",
                HOUSE_IBAN, tomorrow, "123060.00", TWO_MOVEMENTS), "application/xml").status()).isEqualTo(201);
        JsonNode accuracy = get(tenant.path("/cash/forecast/accuracy?currency=EUR"), tenant.adminKey()).body();
        assertThat(accuracy.get("horizons")).extracting(JsonNode::asInt).containsExactly(1, 7, 30);
        assertThat(accuracy.get("series")).singleElement().satisfies(series -> {
            assertThat(series.get("legalEntity").asText()).as("the account and the item name the entity by id: "
                    + "counted under its name").isEqualTo("ACME Logistik GmbH");
            JsonNode oneDay = series.get("horizons").get(0);
            assertThat(oneDay.get("comparisons").asInt()).isEqualTo(1);
            assertThat(oneDay.get("meanAbsoluteError").asText()).isEqualTo("680.00");
            // 680.00 / 126,120.00
            assertThat(oneDay.get("meanAbsolutePercentageError").asText()).isEqualTo("0.0054");
            assertThat(series.get("horizons").get(1).get("comparisons").asInt()).isZero();
        });
    }

    @Test
    void aMalformedUploadIs422NamingFileAndLineAndIsQuarantinedWithAnException() {
        String statement = camt053("CAMT053-20260302-004", "STMT-20260302-D", HOUSE_IBAN, MARCH_2, "5000.00", TWO_MOVEMENTS);
        String broken = statement.substring(0, statement.indexOf("<Ntry>") + 40);

        Answer refused = upload(tenant, "commerzbank", "broken_20260302.xml", broken, "application/xml");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("detail").asText()).startsWith("broken_20260302.xml, line ");
        assertThat(refused.body().get("file").asText()).isEqualTo("broken_20260302.xml");
        assertThat(refused.body().get("fileStatus").asText()).isEqualTo("REJECTED");
        String fileId = refused.body().get("fileId").asText();
        JsonNode quarantined = get(tenant.path("/bank-files/" + fileId), tenant.adminKey()).body();
        assertThat(quarantined.get("status").asText()).isEqualTo("REJECTED");
        JsonNode exception = openException(tenant, "bank-file-rejected");
        assertThat(exception.get("context").get("file").asText()).isEqualTo("broken_20260302.xml");
        assertThat(exception.get("context").get("bankFileId").asText()).isEqualTo(fileId);
        assertThat(exception.get("reason").asText()).startsWith("broken_20260302.xml, line ");
        assertThat(lineCount(tenant)).isZero();

        // Out of balance: 422 as well, with the control figures that do not add up.
        String outOfBalance = statement.replace("<Amt Ccy=\"EUR\">4250.00</Amt>", "<Amt Ccy=\"EUR\">4205.00</Amt>");
        Answer controlFailed = upload(tenant, "commerzbank", "out_of_balance.xml", outOfBalance, "application/xml");
        assertThat(controlFailed.status()).isEqualTo(422);
        assertThat(controlFailed.body().get("fileStatus").asText()).isEqualTo("CONTROL_FAILED");
        assertThat(controlFailed.body().get("detail").asText()).contains("closing balance");
        assertThat(openException(tenant, "bank-file-control-failed").get("context").get("file").asText())
                .isEqualTo("out_of_balance.xml");
    }

    @Test
    void uploadsRefuseWhatIsNotABankFileByTypeAndQuery() {
        String statement = camt053("CAMT053-20260302-005", "STMT-20260302-E", HOUSE_IBAN, MARCH_2, "5000.00", TWO_MOVEMENTS);
        Answer json = upload(tenant, "commerzbank", "stmt.xml", statement, "application/json");
        assertThat(json.status()).isEqualTo(415);
        assertThat(json.contentType()).startsWith("application/problem+json");
        Answer noConnection = call("POST", tenant.path("/bank-files?name=stmt.xml"), tenant.adminKey(), statement,
                Map.of("Content-Type", "application/xml"));
        assertThat(noConnection.status()).isEqualTo(400);
        assertThat(noConnection.body().get("errors").get(0).get("field").asText()).isEqualTo("connection");
        Answer pathName = upload(tenant, "commerzbank", "..%2Fetc%2Fpasswd", statement, "application/xml");
        assertThat(pathName.status()).isEqualTo(400);
        assertThat(pathName.body().get("errors").get(0).get("field").asText()).isEqualTo("name");
        Answer empty = upload(tenant, "commerzbank", "empty.xml", "", "application/xml");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(statuses(tenant)).isEmpty();
    }

    @Test
    void aFileLargerThanTheApisRequestLimitIsTakenUpToTheBankFileLimit() {
        List<TestBankFiles.Entry> many = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            many.add(new TestBankFiles.Entry("12.34", i % 2 == 0, "E2E-BULK-" + i, "Kunde " + i + " GmbH",
                    "DE75512108001245126199", "Lastschrift Mitgliedsbeitrag Maerz Mandat M-" + i));
        }
        String statement = camt053("CAMT053-20260302-BULK", "STMT-20260302-BULK", HOUSE_IBAN, MARCH_2, "10000.00", many);
        assertThat(statement.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(1024 * 1024);

        Answer answer = upload(tenant, "commerzbank", "bulk.xml", statement, "application/xml");

        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(201);
        assertThat(answer.body().get("lines").asInt()).isEqualTo(2_500);
        // Any other request of the API is still held to its 1 MiB.
        Answer tooLarge = call("POST", tenant.path("/legal-entities"), tenant.adminKey(), "{\"name\": \"" + "x".repeat(1_100_000)
                + "\"}", Map.of());
        assertThat(tooLarge.status()).isEqualTo(413);
    }

    @Test
    void aFileOverTheBankFileLimitIs413BeforeItsBodyIsRead() throws IOException {
        // The client says 257 MiB are coming and sends none of it: the answer must come from the header alone.
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            String request = "POST " + tenant.path("/bank-files?connection=commerzbank&name=huge.xml") + " HTTP/1.1\r\n"
                    + "Host: localhost\r\nAuthorization: Bearer " + tenant.adminKey() + "\r\n"
                    + "Content-Type: application/xml\r\nContent-Length: " + 257L * 1024 * 1024 + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // Read the answer's head and body by its Content-Length (the server may wait for the unsent body before closing).
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String status = in.readLine();
            int length = 0;
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).strip());
                }
            }
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            assertThat(status).startsWith("HTTP/1.1 413");
            assertThat(new String(body, 0, read)).contains("request-too-large").contains(String.valueOf(256L * 1024 * 1024));
        }
        assertThat(statuses(tenant)).isEmpty();
    }

    @Test
    void aStatementOfAnUnregisteredAccountIsImportedFlaggedAndOpensAnException() {
        String statement = camt053("CAMT053-20260302-006", "STMT-20260302-F", OTHER_IBAN, MARCH_2, "700.00", TWO_MOVEMENTS);

        Answer answer = upload(tenant, "commerzbank", "other_account.xml", statement, "application/xml");

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.body().get("unregisteredAccounts")).extracting(JsonNode::asText).containsExactly(OTHER_IBAN);
        assertThat(lineCount(tenant)).isEqualTo(2);
        JsonNode exception = openException(tenant, "unregistered-bank-account");
        assertThat(exception.get("context").get("account").asText()).isEqualTo(new Iban(OTHER_IBAN).masked());
        assertThat(exception.get("context").get("statementId").asText()).isEqualTo("STMT-20260302-F");
        assertThat(exception.get("context").get("bankFileId").asText()).isEqualTo(answer.body().get("id").asText());
        assertThat(exception.get("context").get("file").asText()).isEqualTo("other_account.xml");
    }

    @Test
    void houseBankAccountsAreCheckedFieldByFieldAuditedAndListed() {
        String path = "/bank-accounts/";
        Answer badIban = putAccount(tenant, "DE89370400440532013001", Map.of("legalEntity", entity, "currency", "EUR"));
        assertThat(badIban.status()).isEqualTo(400);
        assertThat(field(badIban)).isEqualTo("iban");
        Answer badBic = putAccount(tenant, "DE75512108001245126199", Map.of("legalEntity", entity, "currency", "EUR",
                "bic", "COBA-DE-FF"));
        assertThat(field(badBic)).isEqualTo("bic");
        Answer badCurrency = putAccount(tenant, "DE75512108001245126199", Map.of("legalEntity", entity, "currency", "EUX"));
        assertThat(badCurrency.status()).isEqualTo(400);
        assertThat(field(badCurrency)).isEqualTo("currency");
        Answer lowerCurrency = putAccount(tenant, "DE75512108001245126199", Map.of("legalEntity", entity, "currency", "eur"));
        assertThat(field(lowerCurrency)).isEqualTo("currency");
        Answer unknownEntity = putAccount(tenant, "DE75512108001245126199", Map.of("legalEntity", UUID.randomUUID().toString(),
                "currency", "EUR"));
        assertThat(unknownEntity.status()).isEqualTo(400);
        assertThat(field(unknownEntity)).isEqualTo("legalEntity");
        TestTenant other = newTenant("AccountsOther");
        Answer othersEntity = putAccount(tenant, "DE75512108001245126199", Map.of("legalEntity", legalEntity(other),
                "currency", "EUR"));
        assertThat(othersEntity.status()).isEqualTo(400);
        assertThat(field(othersEntity)).isEqualTo("legalEntity");
        Answer missing = putAccount(tenant, "DE75512108001245126199", Map.of("currency", "EUR"));
        assertThat(field(missing)).isEqualTo("legalEntity");

        Answer created = putAccount(tenant, "de75 5121 0800 1245 1261 99", Map.of("legalEntity", entity, "currency", "EUR",
                "bic", "sobkdebbxxx", "name", "Sollbank Lohnkonto"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("iban").asText()).isEqualTo("DE75512108001245126199");
        assertThat(created.body().get("bic").asText()).isEqualTo("SOBKDEBBXXX");
        Answer changed = putAccount(tenant, "DE75512108001245126199", Map.of("legalEntity", entity, "currency", "EUR",
                "bic", "SOBKDEBBXXX", "name", "Sollbank Gehaltskonto"));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(get(tenant.path(path + "DE75512108001245126199"), tenant.adminKey()).body().get("name").asText())
                .isEqualTo("Sollbank Gehaltskonto");
        assertThat(get(tenant.path(path + "DE02120300000000202051"), tenant.adminKey()).status()).isEqualTo(404);
        JsonNode list = get(tenant.path("/bank-accounts?limit=1"), tenant.adminKey()).body();
        assertThat(list.get("items")).hasSize(1);
        assertThat(list.get("items").get(0).get("iban").asText()).isEqualTo("DE75512108001245126199");
        JsonNode next = get(tenant.path("/bank-accounts?limit=1&after=" + list.get("next").asText()), tenant.adminKey()).body();
        assertThat(next.get("items").get(0).get("iban").asText()).isEqualTo(HOUSE_IBAN);

        JsonNode audit = get(tenant.path("/audit?kind=configuration.changed"), tenant.adminKey()).body();
        List<JsonNode> accountChanges = StreamSupport.stream(audit.spliterator(), false)
                .filter(e -> e.get("detail").get("setting").asText().startsWith("bank-accounts/")).toList();
        assertThat(accountChanges).hasSize(3);
        JsonNode last = accountChanges.stream().filter(e -> e.get("detail").has("before")).findFirst().orElseThrow();
        assertThat(last.get("detail").get("setting").asText()).isEqualTo("bank-accounts/" + new Iban("DE75512108001245126199").masked());
        assertThat(last.get("detail").get("before").get("name").asText()).isEqualTo("Sollbank Lohnkonto");
        assertThat(last.get("detail").get("after").get("name").asText()).isEqualTo("Sollbank Gehaltskonto");
        assertThat(last.toString()).doesNotContain("DE75512108001245126199");
    }

    @Test
    void aStatusReportForAPaymentNoWorkflowSentOpensAnExceptionAndTwiceChangesNothing() {
        String report = pain002("STS-20260303-0001", "TRSY-20260302-RUN1", "TRSY-20260302-RUN1-1", "EXP-UNKNOWN-0815",
                "RJCT", "AC04");

        Answer first = upload(tenant, "commerzbank", "pain002_20260303.xml", report, "application/xml");
        Answer second = upload(tenant, "commerzbank", "pain002_20260303_again.xml", report, "application/xml");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().get("format").asText()).isEqualTo("PAIN_002");
        assertThat(first.body().get("lines").asInt()).isEqualTo(1);
        assertThat(second.status()).isEqualTo(200);
        List<JsonNode> exceptions = openExceptions(tenant, "unknown-payment-status");
        assertThat(exceptions).hasSize(1);
        JsonNode context = exceptions.getFirst().get("context");
        assertThat(context.get("endToEndId").asText()).isEqualTo("EXP-UNKNOWN-0815");
        assertThat(context.get("originalMessageId").asText()).isEqualTo("TRSY-20260302-RUN1");
        assertThat(context.get("paymentInformationId").asText()).isEqualTo("TRSY-20260302-RUN1-1");
        assertThat(context.get("status").asText()).isEqualTo("RJCT");
        assertThat(context.get("reasonCode").asText()).isEqualTo("AC04");
        assertThat(context.get("bankFileId").asText()).isEqualTo(first.body().get("id").asText());
    }

    @Test
    void cashPositionsFollowTheNewestStatementAndAnOlderOneArrivingLaterChangesNothing() {
        String closing = camt053("CAMT053-20260302-POS", "STMT-20260302-POS", HOUSE_IBAN, MARCH_2, "120000.00", TWO_MOVEMENTS);
        assertThat(upload(tenant, "commerzbank", "camt053_0302.xml", closing, "application/xml").status()).isEqualTo(201);

        JsonNode afterClosing = onlyPosition(tenant);
        assertThat(afterClosing.get("account").asText()).isEqualTo(HOUSE_IBAN);
        assertThat(afterClosing.get("legalEntity").asText()).isEqualTo(entity);
        assertThat(afterClosing.get("currency").asText()).isEqualTo("EUR");
        assertThat(afterClosing.get("balance").asText()).isEqualTo("123060.00");
        assertThat(afterClosing.get("balanceType").asText()).isEqualTo("CLOSING_BOOKED");
        assertThat(afterClosing.get("asOf").asText()).isEqualTo("2026-03-02T19:15:00Z");
        assertThat(afterClosing.get("statementId").asText()).isEqualTo("STMT-20260302-POS");

        List<TestBankFiles.Entry> morning = List.of(new TestBankFiles.Entry("880.00", false, "SAL-2026-03-0042",
                "Mara Keller", "DE75512108001245126199", "Reisekosten EXP-2026-0417"));
        String intraday = camt052("CAMT052-20260303-1100", "RPT-20260303-1100", HOUSE_IBAN, MARCH_2.plusDays(1),
                "2026-03-03T11:00:00+01:00", "123060.00", morning);
        Answer intradayAnswer = upload(tenant, "commerzbank", "camt052_0303_1100.xml", intraday, "application/xml");
        assertThat(intradayAnswer.status()).as(String.valueOf(intradayAnswer.body())).isEqualTo(201);
        Instant before = serverClock.instant();
        JsonNode afterIntraday = onlyPosition(tenant);
        Instant after = serverClock.instant();
        assertThat(afterIntraday.get("balance").asText()).isEqualTo("122180.00");
        assertThat(afterIntraday.get("balanceType").asText()).isEqualTo("INTERIM_CLOSING_BOOKED");
        assertThat(afterIntraday.get("asOf").asText()).isEqualTo("2026-03-03T10:00:00Z");
        assertThat(afterIntraday.get("fileId").asText()).isEqualTo(intradayAnswer.body().get("id").asText());
        Instant asOf = Instant.parse("2026-03-03T10:00:00Z");
        assertThat(afterIntraday.get("ageSeconds").asLong()).isBetween(Duration.between(asOf, before).toSeconds() - 1,
                Duration.between(asOf, after).toSeconds() + 1);

        // The statement of the day before arrives late: it is imported, the position stays.
        String older = camt053("CAMT053-20260301-POS", "STMT-20260301-POS", HOUSE_IBAN, MARCH_2.minusDays(1), "100000.00",
                TWO_MOVEMENTS);
        assertThat(upload(tenant, "commerzbank", "camt053_0301.xml", older, "application/xml").status()).isEqualTo(201);
        JsonNode afterOlder = onlyPosition(tenant);
        assertThat(afterOlder.get("balance").asText()).isEqualTo("122180.00");
        assertThat(afterOlder.get("statementId").asText()).isEqualTo("RPT-20260303-1100");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Answer upload(TestTenant t, String connection, String name, String content, String type) {
        return upload(t, connection, name, content, type, t.adminKey());
    }

    private Answer upload(TestTenant t, String connection, String name, String content, String type, String key) {
        return call("POST", t.path("/bank-files?connection=" + connection + "&name=" + name), key, content,
                Map.of("Content-Type", type));
    }

    private Answer putAccount(TestTenant t, String iban, Map<String, Object> body) {
        return putAccount(t, iban, body, t.adminKey());
    }

    private Answer putAccount(TestTenant t, String iban, Map<String, Object> body, String key) {
        try {
            return call("PUT", t.path("/bank-accounts/" + iban.replace(" ", "%20")), key, JSON.writeValueAsString(body), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String field(Answer answer) {
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(400);
        return answer.body().get("errors").get(0).get("field").asText();
    }

    private JsonNode onlyPosition(TestTenant t) {
        JsonNode items = get(t.path("/cash/positions"), t.adminKey()).body().get("items");
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private JsonNode openException(TestTenant t, String code) {
        List<JsonNode> found = openExceptions(t, code);
        assertThat(found).as("open exceptions " + code).hasSize(1);
        return found.getFirst();
    }

    private List<JsonNode> openExceptions(TestTenant t, String code) {
        JsonNode all = get(t.path("/exceptions?status=OPEN"), t.adminKey()).body();
        return StreamSupport.stream(all.spliterator(), false).filter(e -> e.get("code").asText().equals(code)).toList();
    }

    private List<String> statuses(TestTenant t) {
        JsonNode items = get(t.path("/bank-files"), t.adminKey()).body().get("items");
        return StreamSupport.stream(items.spliterator(), false)
                .map(f -> f.get("status").asText() + " " + f.get("name").asText()).toList();
    }

    private long lineCount(TestTenant t) {
        return asOwner(db, c -> {
            try (PreparedStatement select = c.prepareStatement("select count(*) from bank_statement_line where tenant_id = ?")) {
                select.setObject(1, UUID.fromString(t.id()));
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static BankProperties.Channel channel(TestTenant t, String connection, Path path) {
        return new BankProperties.Channel(UUID.fromString(t.id()), connection, BankProperties.Type.DIRECTORY, path, null,
                22, null, null, null, ".", Duration.ofMinutes(1));
    }

    private static void drop(Path channelRoot, String name, String content) throws IOException {
        Path inbox = channelRoot.resolve("inbox");
        Files.createDirectories(inbox);
        Path temp = inbox.resolve("." + name + ".part");
        Files.writeString(temp, content);
        Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
