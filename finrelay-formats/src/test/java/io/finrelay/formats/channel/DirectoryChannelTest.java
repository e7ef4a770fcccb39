package io.finrelay.formats.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.formats.Golden;
import io.finrelay.formats.Payments;
import io.finrelay.formats.channel.ReceivedFile.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryChannelTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-15T18:05:00Z"), ZoneOffset.UTC);
    private final ReceivedFileLedger.InMemory ledger = new ReceivedFileLedger.InMemory();
    private final RecordingSink sink = new RecordingSink();

    private DirectoryChannel channel(Path root) {
        return new DirectoryChannel(root, new InboundFileProcessor(Payments.TENANT, "commerzbank-ebics", ledger, sink, CLOCK));
    }

    private static void drop(DirectoryChannel channel, String name, String resource) throws IOException {
        Files.write(channel.inbox().resolve(name), Golden.bytes(resource));
    }

    @Test
    void takesInArchivesAndNeverProcessesTheSameContentTwice(@TempDir Path root) throws IOException {
        DirectoryChannel channel = channel(root);
        drop(channel, "a-statement.xml", "own/camt/finrelay-camt053-v02-features.xml");
        drop(channel, "b-same-again.xml", "own/camt/finrelay-camt053-v02-features.xml");
        drop(channel, "c-status.xml", "own/pain002/finrelay-pain002-v10-partial.xml");
        drop(channel, "d-mt940.sta", "own/mt940/finrelay-mt940-yearend.sta");
        Files.writeString(channel.inbox().resolve(".e-still-uploading.xml"), "<Docu");
        Files.writeString(channel.inbox().resolve("f.part"), "01,");

        List<ReceivedFile> results = channel.poll();

        assertThat(results).extracting(ReceivedFile::name, ReceivedFile::status, ReceivedFile::format).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a-statement.xml", Status.IMPORTED, BankFileFormat.CAMT),
                org.assertj.core.groups.Tuple.tuple("b-same-again.xml", Status.DUPLICATE, BankFileFormat.CAMT),
                org.assertj.core.groups.Tuple.tuple("c-status.xml", Status.IMPORTED, BankFileFormat.PAIN_002),
                org.assertj.core.groups.Tuple.tuple("d-mt940.sta", Status.IMPORTED, BankFileFormat.MT940));
        ReceivedFile camt = results.get(0);
        assertThat(camt.sha256()).hasSize(64);
        assertThat(camt.lines()).isEqualTo(6);
        assertThat(camt.credits()).containsEntry("EUR", new java.math.BigDecimal("335.00"));
        assertThat(camt.debits()).containsEntry("EUR", new java.math.BigDecimal("552.50"));
        assertThat(sink.committedLines).hasSize(6 + 2);
        assertThat(sink.committedReports).hasSize(1);
        assertThat(names(channel.archive())).containsExactly("a-statement.xml", "b-same-again.xml", "c-status.xml", "d-mt940.sta");
        assertThat(names(channel.inbox())).containsExactly(".e-still-uploading.xml", "f.part");

        drop(channel, "a-statement.xml", "own/camt/finrelay-camt053-v02-features.xml");
        assertThat(channel.poll()).extracting(ReceivedFile::status).containsExactly(Status.DUPLICATE);
        assertThat(sink.committedLines).hasSize(8);
        assertThat(names(channel.archive())).hasSize(5);
    }

    @Test
    void quarantinesBrokenAndUnbalancedFilesWithoutApplyingAnything(@TempDir Path root) throws IOException {
        DirectoryChannel channel = channel(root);
        String valid = new String(Golden.bytes("own/camt/finrelay-camt053-v02-features.xml"), java.nio.charset.StandardCharsets.UTF_8);
        Files.writeString(channel.inbox().resolve("truncated.xml"), valid.substring(0, valid.indexOf("<NtryRef>4")));
        Files.writeString(channel.inbox().resolve("unbalanced.xml"), valid.replace("<Amt Ccy=\"EUR\">782.50</Amt>",
                "<Amt Ccy=\"EUR\">782.51</Amt>"));
        Files.writeString(channel.inbox().resolve("xxe.xml"), "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM "
                + "\"file:///etc/passwd\">]><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">&x;</Document>");
        Files.writeString(channel.inbox().resolve("letter.txt"), "Dear customer");

        List<ReceivedFile> results = channel.poll();

        assertThat(results).extracting(ReceivedFile::status)
                .containsExactly(Status.REJECTED, Status.REJECTED, Status.CONTROL_FAILED, Status.REJECTED);
        assertThat(results.get(1).problems().get(0)).startsWith("truncated.xml, line ");
        assertThat(results.get(2).problems()).anyMatch(p -> p.contains("closing balance is EUR 782.51"));
        assertThat(sink.committedLines).isEmpty();
        assertThat(sink.abortedFiles).containsExactly("truncated.xml", "unbalanced.xml", "xxe.xml");
        assertThat(names(channel.quarantine())).containsExactly("letter.txt", "letter.txt.reason.txt", "truncated.xml",
                "truncated.xml.reason.txt", "unbalanced.xml", "unbalanced.xml.reason.txt", "xxe.xml", "xxe.xml.reason.txt");
        assertThat(Files.readString(channel.quarantine().resolve("xxe.xml.reason.txt"))).contains("DOCTYPE");
    }

    @Test
    void sendsAtomicallyThroughAHiddenTemporaryFile(@TempDir Path root) throws IOException {
        DirectoryChannel channel = channel(root);
        Path sent = channel.send("pain001-FR-1.xml", "<Document/>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(sent).hasContent("<Document/>");
        assertThat(names(channel.outbox())).containsExactly("pain001-FR-1.xml");
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
