package io.finrelay.formats.iso20022.pain002;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.formats.Golden;
import io.finrelay.model.bank.PaymentStatus;
import io.finrelay.model.bank.PaymentStatusReport;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Pain002GoldenTest {

    static Stream<String> samples() {
        return Stream.of("samples/pain002", "own/pain002").flatMap(f -> Golden.files(f).stream());
    }

    static PaymentStatusReport read(String sample) throws IOException {
        try (InputStream in = Golden.open(sample)) {
            return new Pain002Reader().read(sample, in);
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void readsToTheGoldenCanonicalReport(String sample) throws IOException {
        Golden.assertGolden(sample, render(read(sample)));
    }

    @Test
    void transactionStatusFallsBackToBatchThenGroup() throws IOException {
        PaymentStatusReport report = read("own/pain002/finrelay-pain002-v03-partial.xml");
        assertThat(report.statusOf("FR-20240314-0001-2", "E2E-1")).contains(PaymentStatus.SETTLED);
        assertThat(report.statusOf("FR-20240314-0001-2", "E2E-2")).contains(PaymentStatus.REJECTED);
        assertThat(report.statusOf("FR-20240314-0001-1", "E2E-6")).contains(PaymentStatus.REJECTED);
        assertThat(report.statusOf("FR-20240314-0001-3", "E2E-3")).contains(PaymentStatus.ACCEPTED);
        assertThat(report.statusOf("FR-20240314-0001-9", "E2E-9")).contains(PaymentStatus.PARTIALLY_ACCEPTED);
        assertThat(Pain002Reasons.describe("AC04")).isEqualTo("account closed");
    }

    static String render(PaymentStatusReport r) {
        StringBuilder out = new StringBuilder();
        out.append("report ").append(r.messageId()).append(" created=").append(r.createdAt()).append(" original=")
                .append(r.originalMessageId()).append(' ').append(r.originalMessageType()).append(" group=")
                .append(r.groupStatusCode()).append("->").append(r.groupStatus()).append('\n');
        r.groupReasons().forEach(reason -> out.append("  reason ").append(reason).append('\n'));
        for (var b : r.batches()) {
            out.append("  batch ").append(b.originalPaymentInformationId()).append(' ').append(b.statusCode()).append("->")
                    .append(b.status()).append('\n');
            b.reasons().forEach(reason -> out.append("    reason ").append(reason).append('\n'));
            for (var t : b.transactions()) {
                out.append("    tx ").append(t.statusId()).append(" instr=").append(t.originalInstructionId())
                        .append(" e2e=").append(t.originalEndToEndId()).append(' ').append(t.statusCode()).append("->")
                        .append(t.status()).append(" amount=").append(t.originalAmount()).append('\n');
                t.reasons().forEach(reason -> out.append("      reason ").append(reason).append('\n'));
            }
        }
        return out.toString();
    }
}
