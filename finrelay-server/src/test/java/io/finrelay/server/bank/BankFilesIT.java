package io.finrelay.server.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.runtime.IdGenerator;
import io.finrelay.formats.channel.ImportSink;
import io.finrelay.formats.channel.InboundFileProcessor;
import io.finrelay.formats.channel.ReceivedFile;
import io.finrelay.formats.channel.ReceivedFile.Status;
import io.finrelay.formats.channel.ReceivedFileLedger;
import io.finrelay.model.bank.BankStatement;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.ServerIT;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.TenantScope;
import io.finrelay.testkit.StepClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A directory channel configured for a test tenant over a temporary folder, polled directly (no
 * scheduler, so every step is deterministic), on the real PostgreSQL: the received-file ledger and
 * the statement lines live in the database, so "never twice" holds across a restart.
 */
class BankFilesIT extends ServerIT {
    private static final String VALID = "viafintech-camt_parser__valid_example.xml";
    private static final String OUT_OF_BALANCE = "genkgo-camt__camt053.v2.five.decimals.xml";

    @Autowired
    BankChannels channels;
    @Autowired
    Database db;
    @Autowired
    Access access;

    @TempDir
    Path root;

    private final StepClock clock = StepClock.at("2026-03-02T08:00:00Z");
    private TestTenant tenant;
    private BankProperties.Channel config;

    @BeforeEach
    void tenantWithADirectoryChannel() {
        tenant = newTenant("Bank");
        config = new BankProperties.Channel(UUID.fromString(tenant.id()), "house-bank", BankProperties.Type.DIRECTORY,
                root, null, 22, null, null, null, ".", Duration.ofMinutes(1));
    }

    @Test
    void importsAFileOnceWithItsLinesAndRefusesTheSameContentUnderAnotherNameAlsoAfterARestart() {
        PolledChannel channel = channels.open(config, clock);
        drop("stmt-2013-12-27.xml", sample(VALID));

        List<ReceivedFile> first = channel.poll();

        assertThat(first).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.IMPORTED);
            assertThat(f.lines()).isEqualTo(5);
        });
        JsonNode row = onlyFile(Status.IMPORTED);
        assertThat(row.get("name").asText()).isEqualTo("stmt-2013-12-27.xml");
        assertThat(row.get("sha256").asText()).hasSize(64).isEqualTo(first.getFirst().sha256());
        assertThat(row.get("sizeBytes").asLong()).isEqualTo(sample(VALID).length);
        assertThat(row.get("format").asText()).isEqualTo("CAMT");
        assertThat(row.get("messageId").asText()).isEqualTo("053D2013-12-27T22:05:03.0N130000005");
        assertThat(row.get("statements").asInt()).isEqualTo(1);
        assertThat(row.get("lines").asLong()).isEqualTo(5);
        assertThat(row.get("credits").get("EUR").asText()).isEqualTo("1.00");
        assertThat(row.get("debits").get("EUR").asText()).isEqualTo("11.00");
        assertThat(row.get("problems")).isEmpty();
        assertThat(row.get("receivedAt").asText()).isEqualTo("2026-03-02T08:00:00Z");
        assertThat(lines()).containsExactly(
                "1 0352C5320131227220503 DE14740618130000033626 1.1 2013-12-27 DEBIT 2.00 EUR EndToEndReference",
                "2 0352C5320131227220503 DE14740618130000033626 2.1 2013-12-27 DEBIT 3.00 EUR null",
                "3 0352C5320131227220503 DE14740618130000033626 3.1 2013-12-27 CREDIT 1.00 EUR null",
                "4 0352C5320131227220503 DE14740618130000033626 4.1 2013-12-27 DEBIT 3.50 EUR STZV-EtE27122013-11:02-1",
                "5 0352C5320131227220503 DE14740618130000033626 4.2 2013-12-27 DEBIT 2.50 EUR STZV-EtE27122013-11:02-2");
        assertThat(root.resolve("archive/stmt-2013-12-27.xml")).exists();

        clock.advance(Duration.ofMinutes(1));
        drop("stmt-2013-12-27-resent.xml", sample(VALID));
        assertThat(channel.poll()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.DUPLICATE);
            assertThat(f.problems()).singleElement().asString().contains("stmt-2013-12-27.xml");
        });

        // A restart: a new channel with a new ledger over the same database still knows the file.
        clock.advance(Duration.ofMinutes(1));
        PolledChannel afterRestart = channels.open(config, clock);
        drop("again.xml", sample(VALID));
        assertThat(afterRestart.poll()).singleElement().extracting(ReceivedFile::status).isEqualTo(Status.DUPLICATE);

        assertThat(lines()).hasSize(5);
        assertThat(statuses()).containsExactly("DUPLICATE again.xml", "DUPLICATE stmt-2013-12-27-resent.xml",
                "IMPORTED stmt-2013-12-27.xml");
        assertThat(root.resolve("archive/again.xml")).exists();
    }

    @Test
    void aBrokenFileIsRejectedNamingFileAndLineQuarantinedAndLeavesNoLines() {
        drop("broken.xml", truncated(sample(VALID)));

        assertThat(channels.open(config, clock).poll()).singleElement().extracting(ReceivedFile::status)
                .isEqualTo(Status.REJECTED);

        JsonNode row = onlyFile(Status.REJECTED);
        assertThat(row.get("problems")).singleElement().extracting(JsonNode::asText).asString()
                .startsWith("broken.xml, line ");
        assertThat(row.get("lines").asLong()).isZero();
        assertThat(lines()).isEmpty();
        assertThat(root.resolve("quarantine/broken.xml")).exists();
        assertThat(root.resolve("quarantine/broken.xml.reason.txt")).content().startsWith("REJECTED\nbroken.xml, line ");
        assertThat(root.resolve("inbox/broken.xml")).doesNotExist();
    }

    @Test
    void aControlSumMismatchIsControlFailedQuarantinedAndLeavesNoLines() {
        drop("out-of-balance.xml", sample(OUT_OF_BALANCE));

        assertThat(channels.open(config, clock).poll()).singleElement().extracting(ReceivedFile::status)
                .isEqualTo(Status.CONTROL_FAILED);

        JsonNode row = onlyFile(Status.CONTROL_FAILED);
        assertThat(row.get("problems").toString()).contains("closing balance is EUR 27.05");
        assertThat(row.get("credits").get("EUR").asText()).isEqualTo("8.85");
        assertThat(lines()).isEmpty();
        assertThat(root.resolve("quarantine/out-of-balance.xml.reason.txt")).content().startsWith("CONTROL_FAILED\n");
        // An operator owns it: the exception queue holds it with the mismatch and the file named.
        JsonNode open = get(tenant.path("/exceptions?status=OPEN"), tenant.adminKey()).body();
        assertThat(open.toString()).contains("bank-file-control-failed").contains("out-of-balance.xml")
                .contains("closing balance is EUR 27.05").contains(row.get("id").asText());

        // Nothing of it was imported, so the corrected resend of other content is a new file, and
        // even the same content again is not a duplicate (only imported content is).
        drop("out-of-balance-again.xml", sample(OUT_OF_BALANCE));
        assertThat(channels.open(config, clock).poll()).singleElement().extracting(ReceivedFile::status)
                .isEqualTo(Status.CONTROL_FAILED);
    }

    @Test
    void aFailureHalfWayThroughStreamingLeavesNoLinesBehindAndTheFileCanBeTakenInLater() throws IOException {
        TenantScope scope = scope();
        JdbcBankFiles files = new JdbcBankFiles(db.dataSource(), scope, "house-bank", ids(), 2);
        ImportSink failingAtLine4 = (name, sha256) -> new FailingUnit(files.begin(name, sha256), 4);
        InboundFileProcessor processor = new InboundFileProcessor(scope.tenantId(), "house-bank", files, failingAtLine4, clock);
        Path file = root.resolve("stmt.xml");
        Files.write(file, sample(VALID));

        assertThatThrownBy(() -> processor.process("stmt.xml", file)).hasMessageContaining("storage lost at line 4");

        // Lines 1-2 were flushed as a batch and line 3 was queued, inside the import's transaction.
        assertThat(lines()).isEmpty();
        assertThat(statuses()).isEmpty();
        InboundFileProcessor healthy = new InboundFileProcessor(scope.tenantId(), "house-bank", files, files, clock);
        assertThat(healthy.process("stmt.xml", file).status()).isEqualTo(Status.IMPORTED);
        assertThat(lines()).hasSize(5);
    }

    @Test
    void ofTwoNodesImportingTheSameContentAtOnceTheSecondIsRolledBackAndRecordedAsDuplicate() throws IOException {
        TenantScope scope = scope();
        JdbcBankFiles nodeA = new JdbcBankFiles(db.dataSource(), scope, "house-bank", ids(), 2);
        JdbcBankFiles nodeB = new JdbcBankFiles(db.dataSource(), scope, "house-bank", ids(), 2);
        // Node B looked before node A recorded its import: its duplicate check found nothing.
        ReceivedFileLedger nodeBsEarlyLook = new ReceivedFileLedger() {
            @Override
            public Optional<ReceivedFile> imported(TenantId t, String connection, String sha256) {
                return Optional.empty();
            }

            @Override
            public void record(ReceivedFile file) {
                nodeB.record(file);
            }
        };
        Path file = root.resolve("stmt.xml");
        Files.write(file, sample(VALID));

        new InboundFileProcessor(scope.tenantId(), "house-bank", nodeA, nodeA, clock).process("a.xml", file);
        clock.advance(Duration.ofSeconds(1));
        ReceivedFile bSays = new InboundFileProcessor(scope.tenantId(), "house-bank", nodeBsEarlyLook, nodeB, clock)
                .process("b.xml", file);

        assertThat(bSays.status()).isEqualTo(Status.IMPORTED);
        assertThat(nodeB.drainRecorded()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.DUPLICATE);
            assertThat(f.problems()).singleElement().asString().contains("a.xml").contains("another node");
        });
        assertThat(statuses()).containsExactly("DUPLICATE b.xml", "IMPORTED a.xml");
        assertThat(lines()).hasSize(5);
    }

    @Test
    void theReadApiListsNewestFirstInPagesAndShowsOneFileWithCountsTotalsAndProblems() {
        PolledChannel channel = channels.open(config, clock);
        drop("1-valid.xml", sample(VALID));
        drop("2-broken.xml", truncated(sample(VALID)));
        drop("3-unbalanced.xml", sample(OUT_OF_BALANCE));
        // The directory channel takes the files in name order: 3 is the newest.
        channel.poll();

        Answer page1 = get(tenant.path("/bank-files?limit=2"), tenant.adminKey());
        assertThat(page1.status()).isEqualTo(200);
        assertThat(names(page1.body().get("items"))).containsExactly("3-unbalanced.xml", "2-broken.xml");
        Answer page2 = get(tenant.path("/bank-files?limit=2&before=" + page1.body().get("next").asText()), tenant.adminKey());
        assertThat(names(page2.body().get("items"))).containsExactly("1-valid.xml");
        assertThat(page2.body().get("next")).isNull();
        Answer rejected = get(tenant.path("/bank-files?status=REJECTED"), tenant.adminKey());
        assertThat(names(rejected.body().get("items"))).containsExactly("2-broken.xml");

        String id = page2.body().get("items").get(0).get("id").asText();
        Answer one = get(tenant.path("/bank-files/" + id), tenant.adminKey());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("status").asText()).isEqualTo("IMPORTED");
        assertThat(one.body().get("lines").asLong()).isEqualTo(5);
        assertThat(one.body().get("debits").get("EUR").asText()).isEqualTo("11.00");
        String brokenId = page1.body().get("items").get(1).get("id").asText();
        assertThat(get(tenant.path("/bank-files/" + brokenId), tenant.adminKey()).body().get("problems").get(0).asText())
                .startsWith("2-broken.xml, line ");

        Answer viewer = get(tenant.path("/bank-files"), keyFor(tenant, tenant.adminKey(), "viewer"));
        assertThat(viewer.status()).isEqualTo(200);
        Answer badStatus = get(tenant.path("/bank-files?status=LOST"), tenant.adminKey());
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.contentType()).startsWith("application/problem+json");
        assertThat(badStatus.body().get("errors").get(0).get("field").asText()).isEqualTo("status");
        Answer missing = get(tenant.path("/bank-files/" + UUID.randomUUID()), tenant.adminKey());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("type").asText()).isEqualTo("https://finrelay.io/problems/not-found");
        assertThat(get(tenant.path("/bank-files"), null).status()).isEqualTo(401);
    }

    @Test
    void anotherTenantSeesNeitherTheListNorTheFile() {
        drop("stmt.xml", sample(VALID));
        channels.open(config, clock).poll();
        String id = onlyFile(Status.IMPORTED).get("id").asText();
        TestTenant other = newTenant("OtherBank");

        Answer onOwnPath = get(other.path("/bank-files/" + id), other.adminKey());
        assertThat(onOwnPath.status()).isEqualTo(404);
        assertThat(onOwnPath.contentType()).startsWith("application/problem+json");
        assertThat(get(other.path("/bank-files"), other.adminKey()).body().get("items")).isEmpty();
        assertThat(get(tenant.path("/bank-files"), other.adminKey()).status()).isEqualTo(404);
        assertThat(get(tenant.path("/bank-files/" + id), other.adminKey()).status()).isEqualTo(404);
        assertThat(get(tenant.path("/bank-files/" + id), tenant.adminKey()).status()).isEqualTo(200);
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private TenantScope scope() {
        return access.configured(new TenantId(UUID.fromString(tenant.id())), "test");
    }

    private IdGenerator ids() {
        return new MonotonicIds(IdGenerator.timeOrdered(clock));
    }

    private JsonNode onlyFile(Status status) {
        JsonNode items = get(tenant.path("/bank-files"), tenant.adminKey()).body().get("items");
        assertThat(items).hasSize(1);
        JsonNode item = items.get(0);
        assertThat(item.get("status").asText()).isEqualTo(status.name());
        return get(tenant.path("/bank-files/" + item.get("id").asText()), tenant.adminKey()).body();
    }

    private static List<String> names(JsonNode items) {
        List<String> names = new ArrayList<>();
        items.forEach(i -> names.add(i.get("name").asText()));
        return names;
    }

    /** This tenant's statement lines, in file and line order, as "lineNo statement account entry.tx ...". */
    private List<String> lines() {
        return db.inTenant(TenantId.of(tenant.id()), c -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("select line_no, statement_id, account, entry_number, "
                    + "transaction_number, booking_date, direction, amount, currency, end_to_end_id, line->'amount'->>'amount' "
                    + "from bank_statement_line where tenant_id = ? order by file_id, line_no")) {
                select.setObject(1, UUID.fromString(tenant.id()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        BigDecimal amount = rs.getBigDecimal(8);
                        assertThat(rs.getString(11)).isEqualTo(amount.toPlainString());
                        rows.add(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getInt(4) + "."
                                + rs.getInt(5) + " " + rs.getObject(6) + " " + rs.getString(7) + " " + amount.toPlainString()
                                + " " + rs.getString(9) + " " + rs.getString(10));
                    }
                }
            }
            return rows;
        });
    }

    /** This tenant's bank_file rows, newest first, as "STATUS name". */
    private List<String> statuses() {
        return db.inTenant(TenantId.of(tenant.id()), c -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "select status, name from bank_file where tenant_id = ? order by id desc")) {
                select.setObject(1, UUID.fromString(tenant.id()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1) + " " + rs.getString(2));
                    }
                }
            }
            return rows;
        });
    }

    private void drop(String name, byte[] content) {
        try {
            Path inbox = root.resolve("inbox");
            Files.createDirectories(inbox);
            Path temp = inbox.resolve("." + name + ".part");
            Files.write(temp, content);
            Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] truncated(byte[] content) {
        return Arrays.copyOf(content, content.length / 2);
    }

    private static byte[] sample(String name) {
        try (InputStream in = BankFilesIT.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Passes lines on to the real unit, then fails as a lost database connection would. */
    private static final class FailingUnit implements ImportSink.Unit {
        private final ImportSink.Unit delegate;
        private final int failAt;
        private int seen;

        FailingUnit(ImportSink.Unit delegate, int failAt) {
            this.delegate = delegate;
            this.failAt = failAt;
        }

        @Override
        public void statement(BankStatement header) {
            delegate.statement(header);
        }

        @Override
        public void line(BankStatementLine line) {
            if (++seen == failAt) {
                throw new IllegalStateException("storage lost at line " + failAt);
            }
            delegate.line(line);
        }

        @Override
        public void commit() {
            delegate.commit();
        }

        @Override
        public void abort() {
            delegate.abort();
        }
    }
}
