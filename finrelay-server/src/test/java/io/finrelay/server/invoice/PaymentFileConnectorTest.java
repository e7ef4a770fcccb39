package io.finrelay.server.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.json.Json;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.Money;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.bank.BankOutbound;
import io.finrelay.server.bank.BankProperties;
import io.finrelay.workflows.invoice.PaymentRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * A payment run's file is written once: the node that wrote it and died before recording the outcome
 * (kill -9 between "written" and "sent") leaves the file in the outbox; the restarted dispatcher asks
 * first and finds it, and a resend writes nothing either. One file, one set of payments.
 */
class PaymentFileConnectorTest {
    private static final TenantId TENANT = new TenantId(UUID.fromString("0e7f4c8a-3b9d-4f21-8a6e-5c2d1b0a9f87"));
    private static final PaymentRun.PaymentFile FILE = new PaymentRun.PaymentFile("run-7", "PR20260401-0193a5c42222",
            "hausbank", "Hanseatic Trading AG", "DE44500105175407324931", "INGDDEFFXXX", "Hanseatic Trading AG", "EUR",
            LocalDate.of(2026, 4, 1), List.of(new PaymentRun.Line("i-1", "0193a5c4222270008000000000000415-1",
                    "Nordlicht Bürobedarf GmbH", "DE89370400440532013000", Money.of("1049.58", "EUR"),
                    "Invoice INV-2026-0415", null)), "0e7f4c8a-3b9d-4f21-8a6e-5c2d1b0a9f87", "t.berger");

    @TempDir
    Path root;

    private CommandEnvelope command(int attempt) {
        return new CommandEnvelope(TENANT, UUID.fromString("01a24722-aea3-79e3-9e82-9b45e9ecb1c3"),
                UUID.randomUUID(), PaymentRun.TYPE, "run-7", PaymentRun.BANK_FILES, PaymentRun.SEND_FILE.type(),
                Json.write(FILE), "corr-1", attempt);
    }

    @Test
    void aFileWrittenBeforeACrashIsFoundByTheLookUpAndNeverWrittenTwice() throws Exception {
        BankOutbound outbound = new BankOutbound(new BankProperties(List.of(), DataSize.ofMegabytes(1)), root.toString());
        PaymentFileConnector first = new PaymentFileConnector(outbound,
                Clock.fixed(Instant.parse("2026-03-30T09:00:00Z"), ZoneOffset.UTC));
        Path outbox = outbound.defaultOutbox(TENANT, "hausbank");
        assertThat(first.lookup(command(1))).as("nothing sent yet").isEqualTo(new Lookup.NotFound());

        assertThat(first.deliver(command(1))).isInstanceOf(Delivery.Done.class);
        byte[] written = Files.readAllBytes(outbox.resolve("PR20260401-0193a5c42222.pain001.xml"));
        assertThat(new String(written, StandardCharsets.UTF_8)).contains("<MsgId>PR20260401-0193a5c42222</MsgId>",
                "<EndToEndId>0193a5c4222270008000000000000415-1</EndToEndId>", "<InstdAmt Ccy=\"EUR\">1049.58</InstdAmt>");

        // the node died before the outcome was recorded: the restarted one (another clock) asks, then resends
        PaymentFileConnector restarted = new PaymentFileConnector(outbound,
                Clock.fixed(Instant.parse("2026-03-30T09:05:00Z"), ZoneOffset.UTC));
        assertThat(restarted.lookup(command(2))).isInstanceOf(Lookup.Found.class);
        assertThat(restarted.deliver(command(2))).isInstanceOf(Delivery.Done.class);
        try (var files = Files.list(outbox)) {
            assertThat(files.toList()).as("one file in the outbox").hasSize(1);
        }
        assertThat(Files.readAllBytes(outbox.resolve("PR20260401-0193a5c42222.pain001.xml")))
                .as("the file the bank may already have read is not rewritten").isEqualTo(written);
    }

    @Test
    void aPayeeAccountThatIsNoIbanIsAPermanentFailureNamingTheRun() {
        PaymentRun.PaymentFile bad = new PaymentRun.PaymentFile("run-8", "PR20260401-x", "hausbank", "H",
                "DE44500105175407324931", null, "H", "EUR", LocalDate.of(2026, 4, 1), List.of(new PaymentRun.Line("i-1",
                "e2e-1", "Payee", "DE00123", Money.of("1.00", "EUR"), "x", null)), "le", "t.berger");
        PaymentFileConnector connector = new PaymentFileConnector(new BankOutbound(new BankProperties(List.of(),
                DataSize.ofMegabytes(1)), root.toString()), Clock.systemUTC());
        CommandEnvelope command = new CommandEnvelope(TENANT, UUID.randomUUID(), UUID.randomUUID(), PaymentRun.TYPE, "run-8",
                PaymentRun.BANK_FILES, PaymentRun.SEND_FILE.type(), Json.write(bad), "corr-2", 1);
        assertThat(connector.deliver(command)).isInstanceOfSatisfying(Delivery.Permanent.class, p ->
                assertThat(p.reason()).contains("payment run run-8"));
    }
}
