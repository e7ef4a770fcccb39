package io.finrelay.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import io.finrelay.model.bank.PaymentStatus;
import io.finrelay.model.id.TenantId;
import io.finrelay.workflows.invoice.InvoiceEvent.PaymentRetried;
import io.finrelay.workflows.invoice.InvoiceEvent.PaymentReturned;
import io.finrelay.workflows.invoice.InvoiceEvent.PaymentRunAssigned;
import io.finrelay.workflows.invoice.InvoiceEvent.PaymentStatusReported;
import io.finrelay.workflows.invoice.InvoiceState.Paying;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a payment run's and an invoice's transitions tell reconciliation of the run's payments: every payment in
 * the file the run sends is expected, and a payment the bank will not make is withdrawn, once, in the transition
 * that knows it.
 */
class RunPaymentTest {
    private static final Instant AT = Instant.parse("2026-04-01T15:00:00Z");
    private static final PaymentRun.PaymentFile FILE = Samples.runFile();

    private final List<RunPayment> told = new ArrayList<>();
    private final List<PaymentRunView> shown = new ArrayList<>();
    private final PaymentRun run = new PaymentRun((reading, payment) -> told.add(payment), (reading, view) -> shown.add(view));
    private final InvoiceToPay invoice = new InvoiceToPay(null, (reading, payment) -> told.add(payment));

    @Test
    void aRunsPaymentsAreExpectedWhenItOpensAndNothingMoreWhenItsFileIsSent() {
        PaymentRun.State sending = step(run, new PaymentRun.New(), new PaymentRun.Opened(FILE));
        assertThat(told).as("the run's file, the same record its command carries").containsExactly(new RunPayment.Expected(FILE));
        step(run, sending, new PaymentRun.FileSent("PR20260401-0193a5c42222.pain001.xml"));
        assertThat(told).hasSize(1);
        assertThat(shown).as("the run's read model on every transition, with the message id the bank will name")
                .containsExactly(new PaymentRunView("run-7", "PR20260401-0193a5c42222", "Sending"),
                        new PaymentRunView("run-7", "PR20260401-0193a5c42222", "Sent"));
    }

    @Test
    void aPaymentTheBankRejectsIsWithdrawnAndItsRetryIsPaidUnderANewIdThatIsNotWithdrawn() {
        Paying paying = (Paying) step(invoice, scheduled(), new PaymentRunAssigned("run-7", LocalDate.of(2026, 4, 1)));
        String first = paying.payment().endToEndId();
        assertThat(step(invoice, paying, new PaymentStatusReported(first, PaymentStatus.ACCEPTED, null, "B-1", AT)))
                .isEqualTo(paying);
        assertThat(told).as("an interim status changes nothing").isEmpty();

        InvoiceState rejected = step(invoice, paying, new PaymentStatusReported(first, PaymentStatus.REJECTED, "AC04", "B-1", AT));
        assertThat(told).containsExactly(new RunPayment.Withdrawn(first));

        Paying again = (Paying) step(invoice, step(invoice, rejected, new PaymentRetried()),
                new PaymentRunAssigned("run-8", LocalDate.of(2026, 4, 8)));
        assertThat(again.payment().endToEndId()).isNotEqualTo(first);
        step(invoice, again, new PaymentStatusReported(again.payment().endToEndId(), PaymentStatus.SETTLED, null, "B-2", AT));
        assertThat(told).as("the retry's settlement withdraws nothing").containsExactly(new RunPayment.Withdrawn(first));
    }

    @Test
    void aPaymentTheBankCancelsIsWithdrawnButAPaidPaymentReturnedLaterIsNot() {
        Paying paying = (Paying) step(invoice, scheduled(), new PaymentRunAssigned("run-7", LocalDate.of(2026, 4, 1)));
        String e2e = paying.payment().endToEndId();
        step(invoice, paying, new PaymentStatusReported(e2e, PaymentStatus.CANCELLED, "DUPL", "B-1", AT));
        assertThat(told).containsExactly(new RunPayment.Withdrawn(e2e));

        told.clear();
        InvoiceState paid = step(invoice, paying, new PaymentStatusReported(e2e, PaymentStatus.SETTLED, null, "B-1", AT));
        step(invoice, paid, new PaymentReturned(e2e, "AC04", "RTN-7", AT));
        assertThat(told).as("the payment was made: reconciliation marks its item returned, the workflow withdraws nothing")
                .isEmpty();
    }

    private static InvoiceState.Scheduled scheduled() {
        return new InvoiceState.Scheduled(Samples.invoice(), Samples.awaiting().c(), List.of("c.vogel"), "17", "SI-2026-0031",
                "1711", InvoiceRules.schedule(Samples.invoice(), Samples.awaiting().c().policy(), null, LocalDate.of(2026, 3, 5)), 0);
    }

    /** Decides {@code event} and projects the accepted transition, as the engine does in the deciding transaction. */
    private static <S extends WorkflowState, E extends WorkflowEvent> S step(WorkflowDefinition<S, E> flow, S state, E event) {
        Decision<S> decision = flow.decide(state, event);
        assertThat(decision).as(event + " in " + state).isInstanceOf(Decision.Accepted.class);
        S next = ((Decision.Accepted<S>) decision).newState();
        flow.project(new Transition<>(UUID.randomUUID(), "key", state, next), reading());
        return next;
    }

    private static Reading reading() {
        Connection noSql = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    throw new AssertionError("the workflow writes through its store, not with SQL: " + method.getName());
                });
        return new Reading(noSql, new TenantId(UUID.randomUUID()), AT);
    }
}
