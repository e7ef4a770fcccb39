package io.finrelay.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.formats.Payments;
import io.finrelay.formats.channel.DirectoryChannel;
import io.finrelay.formats.channel.ImportSink;
import io.finrelay.formats.channel.InboundFileProcessor;
import io.finrelay.formats.channel.ReceivedFile;
import io.finrelay.formats.channel.ReceivedFileLedger;
import io.finrelay.formats.iso20022.pain001.Pain001File;
import io.finrelay.formats.iso20022.pain001.Pain001Version;
import io.finrelay.formats.iso20022.pain001.Pain001Writer;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.PaymentStatus;
import io.finrelay.model.bank.PaymentStatusReport;
import io.finrelay.model.payment.PaymentInstruction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pain.001 Finrelay writes is answered by the sandbox bank with a pain.002 and a camt.053; both come
 * back through the directory channel, and every payment reaches a final state: settled and booked,
 * or rejected with its reason.
 */
class BankFileRoundTripTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-14T09:30:00Z"), ZoneOffset.UTC);

    @ParameterizedTest
    @EnumSource(Pain001Version.class)
    void everyPaymentReachesItsFinalState(Pain001Version version, @TempDir Path root) throws Exception {
        Pain001File sent = new Pain001Writer(version, CLOCK).write("FR-RT-1", "Finrelay Demo GmbH", Payments.mixed());
        FileBank.Answer answer = FileBank.answer(sent.content(), Set.of("E2E-5"));
        var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(Path.of("src/test/resources/iso20022-xsd/pain.002.001.10.xsd").toFile());
        schema.newValidator().validate(new StreamSource(new java.io.ByteArrayInputStream(answer.pain002())));

        List<PaymentStatusReport> reports = new ArrayList<>();
        List<BankStatementLine> booked = new ArrayList<>();
        ImportSink sink = (name, hash) -> new ImportSink.Unit() {
            private final List<BankStatementLine> lines = new ArrayList<>();
            private PaymentStatusReport report;

            @Override
            public void line(BankStatementLine line) {
                lines.add(line);
            }

            @Override
            public void statusReport(PaymentStatusReport r) {
                report = r;
            }

            @Override
            public void commit() {
                booked.addAll(lines);
                if (report != null) {
                    reports.add(report);
                }
            }

            @Override
            public void abort() {
            }
        };
        DirectoryChannel channel = new DirectoryChannel(root, new InboundFileProcessor(Payments.TENANT, "sim-bank",
                new ReceivedFileLedger.InMemory(), sink, CLOCK));
        channel.send("pain001-" + sent.messageId() + ".xml", sent.content());
        Files.write(channel.inbox().resolve("1-pain002.xml"), answer.pain002());
        Files.write(channel.inbox().resolve("2-camt053.xml"), answer.camt053());

        assertThat(channel.poll()).extracting(ReceivedFile::status)
                .containsExactly(ReceivedFile.Status.IMPORTED, ReceivedFile.Status.IMPORTED);

        PaymentStatusReport report = reports.get(0);
        assertThat(report.originalMessageId()).isEqualTo(sent.messageId());
        Map<String, String> finalStates = new LinkedHashMap<>();
        for (Pain001File.Batch batch : sent.batches()) {
            for (PaymentInstruction p : batch.payments()) {
                PaymentStatus status = report.statusOf(batch.paymentInformationId(), p.endToEndId()).orElseThrow();
                boolean isBooked = booked.stream().anyMatch(l -> p.endToEndId().equals(l.endToEndId())
                        && l.amount().equals(p.amount()) && l.direction() == BankStatementLine.Direction.DEBIT);
                assertThat(status.isFinal()).as(p.endToEndId()).isTrue();
                assertThat(isBooked).as(p.endToEndId() + " booked").isEqualTo(status == PaymentStatus.SETTLED);
                finalStates.put(p.endToEndId(), status + (isBooked ? " and booked" : ""));
            }
        }
        assertThat(finalStates).hasSize(6).containsEntry("E2E-5", "REJECTED")
                .containsEntry("E2E-1", "SETTLED and booked").containsEntry("E2E-6", "SETTLED and booked");
    }
}
