package io.finrelay.engine;

import static io.finrelay.engine.fixtures.EngineFixture.ACME;
import static io.finrelay.engine.fixtures.EngineFixture.GLOBEX;
import static io.finrelay.engine.fixtures.EngineFixture.approved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.engine.exception.ExceptionQueue;
import io.finrelay.engine.exception.ExceptionRecord;
import io.finrelay.engine.exception.OperatorAction;
import io.finrelay.engine.fixtures.EngineFixture;
import io.finrelay.engine.fixtures.RecordingPeer.Fault;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExceptionQueueIT {
    EngineFixture f;

    @BeforeEach
    void start() {
        f = new EngineFixture("exceptions");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private ExceptionRecord spendTheRetryBudget(String invoice) {
        f.erp.failAlways(Fault.TRANSIENT);
        f.submit(approved(ACME, "k-" + invoice, invoice, "2400.00", null));
        for (int i = 0; i < 3; i++) {
            f.drain();
            f.clock.advance(Duration.ofMinutes(2));
        }
        var open = f.engine.exceptions().list(ACME, ExceptionRecord.Status.OPEN, null, 10);
        assertThat(open).hasSize(1);
        return open.get(0);
    }

    @Test
    void aSpentRetryBudgetBecomesAnExceptionWithItsBusinessContext() {
        ExceptionRecord exception = spendTheRetryBudget("INV-2026-0401");

        assertThat(exception.kind()).isEqualTo(ExceptionRecord.Kind.COMMAND);
        assertThat(exception.code()).isEqualTo("retry-budget-spent");
        assertThat(exception.reason()).isEqualTo("503 Service Unavailable");
        assertThat(exception.context()).containsEntry("businessKey", "INV-2026-0401")
                .containsEntry("connector", "erp").containsEntry("commandType", "post-journal")
                .containsEntry("attempts", "3");
        assertThat(exception.correlationId()).isEqualTo("corr-k-INV-2026-0401");
        assertThat(f.string("select status from outbox")).isEqualTo("EXCEPTION");
        f.clock.advance(Duration.ofHours(1));
        assertThat(f.drain()).isZero();
    }

    @Test
    void retryAfterTheFixSendsTheSameCommandIdAndTheWorkflowCarriesOn() {
        ExceptionRecord exception = spendTheRetryBudget("INV-2026-0402");
        f.erp.failAlways(null);

        var after = f.engine.exceptions().act(ACME, exception.id(), OperatorAction.RETRY, "ops:anna", "ERP back up", "corr-op-1");
        f.drain();

        assertThat(after.orElseThrow().status()).isEqualTo(ExceptionRecord.Status.RETRIED);
        assertThat(f.erp.received(exception.commandId().toString())).isEqualTo(1);
        assertThat(f.stateOf(ACME, "INV-2026-0402")).isEqualTo("Paid");
        assertThat(f.count("select count(*) from audit_event where kind = 'exception.retry' and actor = 'ops:anna' "
                + "and correlation_id = 'corr-op-1'")).isEqualTo(1);
        assertThat(f.string("select detail->>'from' || '->' || (detail->>'to') from audit_event "
                + "where kind = 'exception.retry'")).as("the record tells before and after").isEqualTo("OPEN->RETRIED");
    }

    @Test
    void replaySendsACommandThePeerRefusedForGoodUnderANewIdempotencyKey() {
        f.erp.failNext(Fault.PERMANENT);
        f.submit(approved(ACME, "k-INV-2026-0403", "INV-2026-0403", "2400.00", null));
        f.drain();
        ExceptionRecord exception = f.engine.exceptions().list(ACME, ExceptionRecord.Status.OPEN, null, 10).getFirst();
        assertThat(exception.code()).isEqualTo("permanent-failure");

        f.engine.exceptions().act(ACME, exception.id(), OperatorAction.REPLAY, "ops:anna", "period reopened", "corr-op-2");
        f.drain();

        assertThat(f.erp.received(exception.commandId().toString())).isZero();
        assertThat(f.erp.receivedForInvoice("INV-2026-0403")).isEqualTo(1);
        assertThat(f.string("select outcome from outbox_done where command_id = ?", exception.commandId())).isEqualTo("REPLACED");
        assertThat(f.stateOf(ACME, "INV-2026-0403")).isEqualTo("Paid");
    }

    @Test
    void aCommandWhoseRetriesWentOnServerErrorsIsRetriedUnderItsKeyNeverReplayedUnderANewOne() {
        // A 500 can come after the peer acted. Replayed under a new key, a payment the bank had made under the
        // first would be made twice (the fault simulator found this: an operator's replay after 500s).
        f.erp.failAlways(Fault.FAILED_AFTER_ACTING);
        f.submit(approved(ACME, "k-INV-2026-0406", "INV-2026-0406", "2400.00", null));
        for (int i = 0; i < 3; i++) {
            f.drain();
            f.clock.advance(Duration.ofMinutes(2));
        }
        ExceptionRecord exception = f.engine.exceptions().list(ACME, ExceptionRecord.Status.OPEN, null, 10).getFirst();
        assertThat(exception.code()).isEqualTo("retry-budget-spent");
        f.erp.failAlways(null);

        assertThatThrownBy(() -> f.engine.exceptions().act(ACME, exception.id(), OperatorAction.REPLAY, "ops:anna", "", "c"))
                .isInstanceOf(ExceptionQueue.ActionRefused.class).hasMessageContaining("may have reached the peer")
                .hasMessageContaining("500 Internal Server Error");
        assertThat(f.engine.exceptions().find(ACME, exception.id()).orElseThrow().status())
                .isEqualTo(ExceptionRecord.Status.OPEN);
        assertThat(f.count("select count(*) from outbox_done where outcome = 'REPLACED'")).isZero();

        f.engine.exceptions().act(ACME, exception.id(), OperatorAction.RETRY, "ops:anna", "ERP fixed", "corr-op-3");
        f.drain();
        assertThat(f.erp.received(exception.commandId().toString())).as("every attempt under the one key").isEqualTo(4);
        assertThat(f.stateOf(ACME, "INV-2026-0406")).isEqualTo("Paid");
    }

    @Test
    void aCommandWhoseOutcomeIsUnknownCannotBeReplayed() {
        f.erp.failAlways(Fault.TIMEOUT_BEFORE_ACTING);
        f.erp.lookupDown(true);
        f.submit(approved(ACME, "k1", "INV-2026-0404", "2400.00", null));
        for (int i = 0; i < 3; i++) {
            f.drain();
            f.clock.advance(Duration.ofMinutes(2));
        }
        ExceptionRecord exception = f.engine.exceptions().list(ACME, ExceptionRecord.Status.OPEN, null, 10).get(0);

        assertThatThrownBy(() -> f.engine.exceptions().act(ACME, exception.id(), OperatorAction.REPLAY, "ops:anna", "", "c"))
                .isInstanceOf(ExceptionQueue.ActionRefused.class).hasMessageContaining("unknown");
        assertThat(f.engine.exceptions().find(ACME, exception.id()).orElseThrow().status())
                .isEqualTo(ExceptionRecord.Status.OPEN);
    }

    @Test
    void resolveLetsTheWorkflowContinueAsIfTheCommandHadSucceeded() {
        ExceptionRecord exception = spendTheRetryBudget("INV-2026-0405");
        f.erp.failAlways(null);

        f.engine.exceptions().act(ACME, exception.id(), OperatorAction.RESOLVE, "ops:anna", "posted by hand as JE-77", "c");
        f.drain();

        assertThat(f.erp.receivedForInvoice("INV-2026-0405")).isZero();
        assertThat(f.string("select state->>'journalRef' from workflow_instance where business_key = 'INV-2026-0405'"))
                .isEqualTo("manual:ops:anna");
        assertThat(f.stateOf(ACME, "INV-2026-0405")).isEqualTo("Paid");
    }

    @Test
    void cancelHandsTheDecisionToTheWorkflow() {
        ExceptionRecord exception = spendTheRetryBudget("INV-2026-0406");

        f.engine.exceptions().act(ACME, exception.id(), OperatorAction.CANCEL, "ops:anna", "duplicate invoice", "c");

        assertThat(f.stateOf(ACME, "INV-2026-0406")).isEqualTo("Abandoned");
        assertThat(f.count("select count(*) from outbox")).isZero();
    }

    @Test
    void anActionOnAClosedExceptionIsRefused() {
        ExceptionRecord exception = spendTheRetryBudget("INV-2026-0407");
        f.engine.exceptions().act(ACME, exception.id(), OperatorAction.CANCEL, "ops:anna", "", "c");

        assertThatThrownBy(() -> f.engine.exceptions().act(ACME, exception.id(), OperatorAction.RETRY, "ops:ben", "", "c"))
                .isInstanceOf(ExceptionQueue.ActionRefused.class).hasMessageContaining("CANCELLED");
    }

    @Test
    void anotherTenantCannotSeeOrTouchTheException() {
        ExceptionRecord exception = spendTheRetryBudget("INV-2026-0408");

        assertThat(f.engine.exceptions().find(GLOBEX, exception.id())).isEmpty();
        assertThat(f.engine.exceptions().list(GLOBEX, null, null, 10)).isEmpty();
        assertThat(f.engine.exceptions().act(GLOBEX, exception.id(), OperatorAction.RESOLVE, "intruder", "", "c")).isEmpty();
        assertThat(f.engine.exceptions().find(ACME, exception.id()).orElseThrow().status()).isEqualTo(ExceptionRecord.Status.OPEN);
    }

    @Test
    void aPermanentFailureGoesToTheQueueAtOnce() {
        f.erp.failNext(Fault.PERMANENT);
        f.submit(approved(ACME, "k1", "INV-2026-0409", "12.00", null));
        f.drain();

        ExceptionRecord exception = f.engine.exceptions().list(ACME, ExceptionRecord.Status.OPEN, null, 10).get(0);
        assertThat(exception.code()).isEqualTo("permanent-failure");
        assertThat(exception.reason()).isEqualTo("422 period 2026-11 is closed");
        assertThat(exception.context()).containsEntry("attempts", "1");
    }

    @Test
    void aBusinessIncidentIsRetriedByTheOperatorAfterTheFix() {
        f.submit(EngineFixture.event(ACME, "k1", "INV-2026-0410",
                new io.finrelay.engine.fixtures.PaymentFlow.InvoiceApproved("INV-2026-0410", "BLOCKED", "70.00", null)));
        ExceptionRecord incident = f.engine.exceptions().list(ACME, ExceptionRecord.Status.OPEN, null, 10).get(0);
        assertThat(incident.kind()).isEqualTo(ExceptionRecord.Kind.INCIDENT);
        assertThat(incident.code()).isEqualTo("vendor-blocked");
        assertThat(f.stateOf(ACME, "INV-2026-0410")).isEqualTo("Blocked");

        f.engine.exceptions().act(ACME, incident.id(), OperatorAction.RETRY, "ops:anna", "vendor released", "c");
        f.drain();

        assertThat(f.stateOf(ACME, "INV-2026-0410")).isEqualTo("Paid");
    }
}
