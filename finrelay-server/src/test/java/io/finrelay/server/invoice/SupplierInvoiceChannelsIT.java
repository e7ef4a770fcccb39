package io.finrelay.server.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.einvoice.FacturXPdfs;
import io.finrelay.server.ServerIT;
import io.finrelay.server.bank.BankProperties;
import io.finrelay.server.invoice.SupplierInvoiceFiles.InvoiceFile;
import io.finrelay.server.invoice.SupplierInvoiceFiles.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.unit.DataSize;

/**
 * Supplier invoices by file, on the real PostgreSQL: a watched directory and a real SFTP server (Apache
 * MINA SSHD, embedded, on a free port) per tenant. Good files become invoices with their workflow, once
 * whatever name or delivery brings them again; bad files are quarantined with their reason and one
 * exception naming the file and the rule, and leave no invoice behind.
 */
class SupplierInvoiceChannelsIT extends ServerIT {
    private static final Path SAMPLES = Path.of("../finrelay-einvoice/src/test/resources");

    @Autowired
    SupplierInvoiceChannels channels;

    @TempDir
    Path root;

    private static byte[] sample(String resource) {
        try {
            return Files.readAllBytes(SAMPLES.resolve(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BankProperties.Channel directory(TestTenant tenant, Path path, Duration interval) {
        return new BankProperties.Channel(UUID.fromString(tenant.id()), "supplier-drop", BankProperties.Type.DIRECTORY,
                path, null, 22, null, null, null, ".", interval);
    }

    private List<JsonNode> refusedFileExceptions(TestTenant tenant) {
        JsonNode body = get(tenant.path("/exceptions?code=" + SupplierInvoiceFiles.REFUSED), tenant.adminKey()).body();
        return StreamSupport.stream(body.spliterator(), false).toList();
    }

    private JsonNode invoices(TestTenant tenant) {
        return get(tenant.path("/supplier-invoices"), tenant.adminKey()).body().get("items");
    }

    @Test
    void aWatchedDirectoryTakesInUblCiiFacturXAndCsvFilesEachOnceWithTheirWorkflow() throws IOException {
        TestTenant tenant = newTenant("invoice-drop");
        Path inbox = Files.createDirectories(root.resolve("inbox"));
        Files.write(inbox.resolve("01-koksmaat.xml"), sample("samples/ubl/ubl-tc434-example1.xml"));
        Files.write(inbox.resolve("02-subscription.pdf"), FacturXPdfs.facturX(sample("samples/cii/CII_example3.xml")));
        Files.write(inbox.resolve("03-export.csv"), sample("canonical/ubl-tc434-example4.csv"));
        // The supplier's portal delivers the first invoice a second time under another name.
        Files.write(inbox.resolve("04-koksmaat-resent.xml"), sample("samples/ubl/ubl-tc434-example1.xml"));
        Files.writeString(inbox.resolve("05-still-uploading.xml.part"), "<Invoice");

        List<InvoiceFile> first;
        try (SupplierInvoiceChannels.InvoiceChannel channel = channels.open(directory(tenant, root, Duration.ofMinutes(5)))) {
            first = channel.poll();
            assertThat(first).extracting(InvoiceFile::outcome)
                    .containsExactly(Outcome.TAKEN, Outcome.TAKEN, Outcome.TAKEN, Outcome.DUPLICATE);
            assertThat(first.get(3).invoiceId()).as("the resent file is the earlier invoice").isEqualTo(first.get(0).invoiceId());

            // Delivered a third time, after the first was archived: still the same invoice, no second workflow.
            Files.write(inbox.resolve("06-koksmaat-third-time.xml"), sample("samples/ubl/ubl-tc434-example1.xml"));
            assertThat(channel.poll()).singleElement().satisfies(f -> {
                assertThat(f.outcome()).isEqualTo(Outcome.DUPLICATE);
                assertThat(f.invoiceId()).isEqualTo(first.get(0).invoiceId());
            });
            assertThat(channel.poll()).as("nothing left but the file still being written").isEmpty();
        }
        for (String name : List.of("01-koksmaat.xml", "02-subscription.pdf", "03-export.csv", "04-koksmaat-resent.xml",
                "06-koksmaat-third-time.xml")) {
            assertThat(root.resolve("archive").resolve(name)).exists();
        }
        assertThat(inbox.resolve("05-still-uploading.xml.part")).exists();
        assertThat(root.resolve("quarantine")).isEmptyDirectory();

        JsonNode items = invoices(tenant);
        assertThat(items).hasSize(3);
        assertThat(items).extracting(i -> i.get("number").asText()).containsExactlyInAnyOrder("12115118", "TOSL108", "TOSL110");
        JsonNode koksmaat = get(tenant.path("/supplier-invoices/" + first.get(0).invoiceId()), tenant.adminKey()).body();
        assertThat(koksmaat.get("syntax").asText()).isEqualTo("UBL");
        assertThat(koksmaat.get("invoice").get("totals").get("payable").asText()).isEqualTo("250.33");
        assertThat(koksmaat.get("state").asText()).as("its workflow started: the tenant has no AP policy yet").isEqualTo("HELD");
        JsonNode facturX = get(tenant.path("/supplier-invoices/" + first.get(1).invoiceId()), tenant.adminKey()).body();
        assertThat(facturX.get("syntax").asText()).as("the CII its PDF embeds").isEqualTo("CII");
        assertThat(get(tenant.path("/supplier-invoices/" + first.get(2).invoiceId()), tenant.adminKey()).body()
                .get("syntax").asText()).isEqualTo("CSV");
        assertThat(get(tenant.path("/audit?kind=supplier-invoice.received"), tenant.adminKey()).body())
                .as("three invoices received, the repeats none").hasSize(3);
        assertThat(refusedFileExceptions(tenant)).isEmpty();
    }

    @Test
    void badFilesAreQuarantinedWithFileNameAndRuleAndOpenOneExceptionEachLeavingNoInvoice() throws IOException {
        TestTenant tenant = newTenant("bad-drop");
        Path inbox = Files.createDirectories(root.resolve("inbox"));
        Files.writeString(inbox.resolve("01-pain001.xml"),
                "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\"/>");
        Files.writeString(inbox.resolve("02-xxe.xml"), "<?xml version=\"1.0\"?><!DOCTYPE Invoice [<!ENTITY x SYSTEM "
                + "\"file:///etc/passwd\">]><Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">&x;</Invoice>");
        Files.write(inbox.resolve("03-payable-off.xml"), sample("broken/ubl-payable-amount-off.xml"));
        Files.write(inbox.resolve("04-vat-id-without-country.xml"), sample("broken/ubl-seller-vat-id-without-country-prefix.xml"));
        Files.writeString(inbox.resolve("05-readme.txt"), "Dear customer, please find our invoice attached.");

        try (SupplierInvoiceChannels.InvoiceChannel channel = channels.open(directory(tenant, root, Duration.ofMinutes(5)))) {
            List<InvoiceFile> files = channel.poll();
            assertThat(files).extracting(InvoiceFile::outcome).containsOnly(Outcome.REFUSED);
            assertThat(files).extracting(f -> f.violations().get(0).rule())
                    .containsExactly("SYNTAX", "XML", "BR-CO-16", "BR-CO-09", "SYNTAX");

            // The same bad file again, under another name: quarantined too, and the exception it opened stays the one.
            Files.write(inbox.resolve("06-payable-off-again.xml"), sample("broken/ubl-payable-amount-off.xml"));
            assertThat(channel.poll()).singleElement()
                    .satisfies(f -> assertThat(f.exceptionId()).isEqualTo(files.get(2).exceptionId()));
        }
        assertThat(inbox).isEmptyDirectory();
        assertThat(root.resolve("archive")).isEmptyDirectory();
        String reason = Files.readString(root.resolve("quarantine/03-payable-off.xml.reason.txt"));
        assertThat(reason).startsWith("REFUSED").contains("BR-CO-16 (BT-115 Amount due for payment): "
                + "BT-115 is 260.33 EUR but BT-112 - BT-113 + BT-114 is 250.33 EUR");
        assertThat(Files.readString(root.resolve("quarantine/04-vat-id-without-country.xml.reason.txt")))
                .contains("BR-CO-09 (/Invoice[1]/cac:AccountingSupplierParty[1]/cac:Party[1]/cac:PartyTaxScheme[1])");
        assertThat(root.resolve("quarantine/06-payable-off-again.xml")).exists();

        List<JsonNode> exceptions = refusedFileExceptions(tenant);
        assertThat(exceptions).hasSize(5);
        JsonNode payableOff = exceptions.stream()
                .filter(e -> e.get("context").get("file").asText().equals("03-payable-off.xml")).findFirst().orElseThrow();
        assertThat(payableOff.get("status").asText()).isEqualTo("OPEN");
        assertThat(payableOff.get("context").get("rules").asText()).isEqualTo("BR-CO-16");
        assertThat(payableOff.get("context").get("connection").asText()).isEqualTo("supplier-drop");
        assertThat(payableOff.get("reason").asText()).contains("03-payable-off.xml").contains("BR-CO-16");
        assertThat(exceptions).extracting(e -> e.get("context").get("rules").asText())
                .containsExactlyInAnyOrder("SYNTAX", "XML", "BR-CO-16", "BR-CO-09", "SYNTAX");
        assertThat(invoices(tenant)).as("nothing of a refused file is kept").isEmpty();
        assertThat(get(tenant.path("/audit?kind=supplier-invoice.received"), tenant.adminKey()).body()).isEmpty();
    }

    @Test
    void anSftpChannelTakesAnInvoiceInOnceAndQuarantinesABadOneOnTheServer() throws Exception {
        TestTenant tenant = newTenant("sftp-invoices");
        Path server = root.resolve("server");
        for (String dir : List.of("ap/inbox", "ap/archive", "ap/quarantine", "ap/outbox")) {
            Files.createDirectories(server.resolve(dir));
        }
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        KeyPairProvider keys = new SimpleGeneratorHostKeyProvider();
        sshd.setKeyPairProvider(keys);
        sshd.setPasswordAuthenticator((user, password, session) -> "ap".equals(user) && "s3cret".equals(password));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(server));
        sshd.start();
        try {
            PublicKey hostKey = keys.loadKeys(null).iterator().next().getPublic();
            var config = new BankProperties.Channel(UUID.fromString(tenant.id()), "supplier-portal", BankProperties.Type.SFTP,
                    root.resolve("staging"), "127.0.0.1", sshd.getPort(), "ap", "s3cret", PublicKeyEntry.toString(hostKey),
                    "ap", Duration.ofMinutes(5));
            Files.write(server.resolve("ap/inbox/a-invoice.xml"), sample("samples/cii/CII_example5.xml"));
            Files.write(server.resolve("ap/inbox/b-invoice-again.xml"), sample("samples/cii/CII_example5.xml"));
            Files.write(server.resolve("ap/inbox/c-grand-total-off.xml"), sample("broken/cii-grand-total-off.xml"));

            try (SupplierInvoiceChannels.InvoiceChannel channel = channels.open(config)) {
                List<InvoiceFile> files = channels.pollExclusively(channel).orElseThrow();
                assertThat(files).extracting(InvoiceFile::outcome)
                        .containsExactly(Outcome.TAKEN, Outcome.DUPLICATE, Outcome.REFUSED);
                assertThat(files.get(1).invoiceId()).isEqualTo(files.get(0).invoiceId());
                assertThat(files.get(2).violations()).extracting(v -> v.rule()).containsExactly("BR-CO-15", "BR-CO-16");
                assertThat(channel.poll()).isEmpty();
            }
            assertThat(server.resolve("ap/archive/a-invoice.xml")).exists();
            assertThat(server.resolve("ap/archive/b-invoice-again.xml")).exists();
            assertThat(server.resolve("ap/quarantine/c-grand-total-off.xml")).exists();
            assertThat(Files.readString(server.resolve("ap/quarantine/c-grand-total-off.xml.reason.txt"), StandardCharsets.UTF_8))
                    .contains("BR-CO-15 (BT-112 Invoice total amount with VAT)");
            assertThat(server.resolve("ap/inbox")).isEmptyDirectory();
            assertThat(invoices(tenant)).singleElement().satisfies(i -> assertThat(i.get("number").asText()).isEqualTo("TOSL110"));
            assertThat(refusedFileExceptions(tenant)).singleElement()
                    .satisfies(e -> assertThat(e.get("context").get("file").asText()).isEqualTo("c-grand-total-off.xml"));
        } finally {
            sshd.stop(true);
        }
    }

    @Test
    void aConfiguredChannelIsPolledByItselfAndOneNodeAtATime() throws Exception {
        TestTenant tenant = newTenant("scheduled-invoices");
        var config = directory(tenant, root, Duration.ofMillis(20));
        SupplierInvoiceChannels scheduled = new SupplierInvoiceChannels(
                new SupplierInvoiceChannelProperties(List.of(config), DataSize.ofMegabytes(32)), access, invoices, workflow,
                jsonBody, db, java.time.Clock.systemUTC());
        Path inbox = Files.createDirectories(root.resolve("inbox"));

        // Another node polls this channel right now: this node leaves its files alone.
        try (java.sql.Connection otherNode = db.dataSource().getConnection()) {
            otherNode.setAutoCommit(true);
            try (var lock = otherNode.prepareStatement("select pg_advisory_lock(hashtextextended(?, 0))")) {
                lock.setString(1, SupplierInvoiceChannels.lockName(config));
                lock.execute();
            }
            try (SupplierInvoiceChannels.InvoiceChannel channel = scheduled.open(config)) {
                Files.write(inbox.resolve("koksmaat.xml"), sample("samples/ubl/ubl-tc434-example1.xml"));
                assertThat(scheduled.pollExclusively(channel)).isEmpty();
                assertThat(inbox.resolve("koksmaat.xml")).exists();
            }
        }
        scheduled.start();
        try {
            assertThat(scheduled.isRunning()).isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(root.resolve("archive/koksmaat.xml")));
        } finally {
            scheduled.stop();
        }
        assertThat(scheduled.isRunning()).isFalse();
        assertThat(invoices(tenant)).singleElement().satisfies(i -> assertThat(i.get("number").asText()).isEqualTo("12115118"));
    }

    @Autowired
    io.finrelay.server.security.Access access;
    @Autowired
    SupplierInvoices invoices;
    @Autowired
    InvoiceWorkflow workflow;
    @Autowired
    io.finrelay.server.web.JsonBodyCheck jsonBody;
    @Autowired
    io.finrelay.engine.db.Database db;
}
