package io.finrelay.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.model.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A payment run sends its one file once; an empty run is refused; the connector's answer names the file. */
class PaymentRunTest {
    private final PaymentRun run = new PaymentRun();
    private static final PaymentRun.PaymentFile FILE = Samples.runFile();

    @Test
    void anOpenedRunSendsItsFileOnceAndEndsWhenTheFileIsSent() {
        Decision.Accepted<PaymentRun.State> opened = (Decision.Accepted<PaymentRun.State>) run.decide(new PaymentRun.New(),
                new PaymentRun.Opened(FILE));
        assertThat(opened.newState()).isEqualTo(new PaymentRun.Sending(FILE));
        assertThat(opened.commands()).singleElement().satisfies(c -> {
            assertThat(c.connector()).isEqualTo(PaymentRun.BANK_FILES);
            assertThat(c.payload()).isEqualTo(FILE);
        });
        assertThat(FILE.total()).isEqualTo(Money.of("1299.91", "EUR"));
        assertThat(run.decide(opened.newState(), new PaymentRun.Opened(FILE))).isInstanceOf(Decision.Rejected.class);

        var sent = run.onCommandOutcome(opened.newState(), new CommandOutcome.Succeeded(UUID.randomUUID(),
                PaymentRun.SEND_FILE.type(), "{\"fileName\":\"PR20260401-0193a5c42222.pain001.xml\"}"));
        assertThat(sent).contains(new PaymentRun.FileSent("PR20260401-0193a5c42222.pain001.xml"));
        PaymentRun.State done = ((Decision.Accepted<PaymentRun.State>) run.decide(opened.newState(), sent.get())).newState();
        assertThat(done.isTerminal()).isTrue();
    }

    @Test
    void aRunWithoutPaymentsIsRefused() {
        PaymentRun.PaymentFile empty = new PaymentRun.PaymentFile("run-8", "PR20260401-x", "hausbank", "H", "DE89370400440532013000",
                null, "H", "EUR", LocalDate.of(2026, 4, 1), List.of(), "0e7f4c8a-3b9d-4f21-8a6e-5c2d1b0a9f87", "t.berger");
        assertThat(run.decide(new PaymentRun.New(), new PaymentRun.Opened(empty))).isInstanceOf(Decision.Rejected.class);
    }
}
