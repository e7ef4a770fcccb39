package io.finrelay.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.model.bank.BankBalance;
import io.finrelay.model.bank.BankStatement;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.ReturnReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Golden files: the canonical output of a sample rendered as stable text, compared with the file
 * kept under src/test/resources/golden. Run with -Dgolden.update=true to rewrite them, then read
 * the diff before committing.
 */
public final class Golden {
    public static final Path RESOURCES = Path.of("src/test/resources");

    private Golden() {
    }

    public static InputStream open(String resource) {
        try {
            return Files.newInputStream(RESOURCES.resolve(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String resource) {
        try {
            return Files.readAllBytes(RESOURCES.resolve(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resource names (relative to src/test/resources) of the files in a folder, sorted. */
    public static List<String> files(String folder) {
        try (Stream<Path> list = Files.list(RESOURCES.resolve(folder))) {
            return list.filter(Files::isRegularFile).map(p -> folder + "/" + p.getFileName()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void assertGolden(String sample, String actual) {
        Path golden = RESOURCES.resolve("golden").resolve(sample.replace('/', '_') + ".txt");
        try {
            if (Boolean.getBoolean("golden.update") || !Files.exists(golden)) {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
                if (!Boolean.getBoolean("golden.update")) {
                    throw new AssertionError("golden file " + golden + " was missing and has been written: check it");
                }
            }
            assertThat(actual).as("canonical output of %s against %s", sample, golden)
                    .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String render(StatementReader.Statements read) {
        StringBuilder out = new StringBuilder();
        var s = read.summary();
        out.append("file format=").append(s.format()).append(" messageId=").append(s.messageId())
                .append(" statements=").append(s.statements()).append(" lines=").append(s.lines()).append('\n');
        out.append("controls checks=").append(s.controls().checksRun()).append('\n');
        for (String mismatch : s.controls().mismatches()) {
            out.append("  MISMATCH ").append(mismatch).append('\n');
        }
        for (BankStatement st : read.statements()) {
            out.append("statement ").append(st.kind()).append(" id=").append(st.statementId())
                    .append(" seq=").append(st.sequenceNumber()).append(" account=").append(st.account())
                    .append(" currency=").append(st.currency()).append(" servicer=").append(st.servicerBic())
                    .append(" created=").append(st.createdAt()).append(" from=").append(st.fromDate())
                    .append(" to=").append(st.toDate()).append(" lines=").append(st.lineCount()).append('\n');
            if (st.additionalInfo() != null) {
                out.append("  info=").append(st.additionalInfo()).append('\n');
            }
            for (BankBalance b : st.balances()) {
                out.append("  balance ").append(b.type()).append(' ').append(b.code()).append(' ').append(b.date())
                        .append(' ').append(b.amount()).append('\n');
            }
            for (BankStatementLine l : st.lines()) {
                out.append("  line ").append(l.entryNumber()).append('.').append(l.transactionNumber()).append('/')
                        .append(l.transactionsInEntry()).append(' ').append(l.status()).append(" booked=")
                        .append(l.bookingDate()).append(" value=").append(l.valueDate()).append(' ')
                        .append(l.direction()).append(' ').append(l.amount()).append(l.reversal() ? " REVERSAL" : "")
                        .append('\n');
                field(out, "bankRef", l.bankReference());
                field(out, "entryRef", l.entryReference());
                field(out, "endToEnd", l.endToEndId());
                field(out, "creditorRef", l.creditorReference());
                field(out, "remittance", l.remittanceText());
                field(out, "counterparty", l.counterpartyName());
                field(out, "counterpartyAccount", l.counterpartyAccount());
                field(out, "counterpartyBic", l.counterpartyBic());
                field(out, "btc", l.bankTransactionCode());
                field(out, "original", l.originalAmount() == null ? null : l.originalAmount().toString());
                field(out, "info", l.additionalInfo());
                field(out, "mandate", l.mandateReference());
                field(out, "creditorId", l.creditorId());
                field(out, "customerRef", l.customerReference());
                field(out, "ultimate", l.ultimateCounterparty());
                if (l.isReturn()) {
                    BankStatementLine.ReturnDetails r = l.returnDetails();
                    out.append("    RETURN");
                    if (r.reasonCode() != null) {
                        out.append(" code=").append(r.reasonCode())
                                .append(" (").append(ReturnReason.describe(r.reasonCode())).append(')');
                    }
                    out.append('\n');
                    field(out, "  returnText", r.reasonText());
                    field(out, "  originalEndToEnd", r.originalEndToEndId());
                    field(out, "  originalPayment", r.originalPaymentId());
                }
            }
        }
        return out.toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        if (value != null) {
            out.append("    ").append(name).append('=').append(value.replace("\n", "\\n")).append('\n');
        }
    }
}
