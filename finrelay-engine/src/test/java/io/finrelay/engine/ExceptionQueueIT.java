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
    void replaySendsTheCommandUnderANewIdempotencyKeyWhenThePeerHasNoRecordOfTheOldOne() {
        ExceptionRecord exception = spendTheRetryBudget("INV-2026-0403");
        f.erp.failAlways(null);
        int lookupsBefore = f.erp.lookups();

        f.engine.exceptions().act(ACME, exception.id(), OperatorAction.REPLAY, "ops:anna", "new key", "corr-op-2");
        f.drain();

        assertThat(f.erp.lookups()).as("the old id is asked about first, then the new one (which may have gone out "
                + "unrecorded)").isEqualTo(lookupsBefore + 2);
        assertThat(f.erp.received(exception.commandId().toString())).isZero();
        assertThat(f.erp.receivedForInvoice("INV-2026-0403")).isEqualTo(1);
        assertThat(f.string("select outcome from outbox_done where command_id = ?", exception.commandId())).isEqualTo("REPLACED");
        assertThat(f.stateOf(ACME, "INV-2026-0403")).isEqualTo("Paid");
    }

    @Test
    void replayAfterA500ThatFollowedThePeersCommitSendsNothingAndTheWorkflowGoesOnWithThePeersRecord() {
        // The first attempt reached the ERP, which posted and then answered 500; the retries met a 503.
        f.erp.failNext(Fault.FAILED_AFTER_ACTING, Fault.TRANSIENT, Fault.TRANSIENT);
        f.submit(approved(ACME, "k-0406", "INV-2026-0406", "2400.00", null));
        for (int i = 0; i < 3; i++) {
            f.drain();
            f.clock.advance(Duration.ofMinutes(2));
        }
        ExceptionRecord exception = f.engine.exceptions().list(ACME, ExceptionRecord.Status.OPEN, null, 10).get(0);
        assertThat(f.erp.receivedForInvoice("INV-2026-0406")).isEqualTo(1);

        f.engine.exceptions().act(ACME, exception.id(), OperatorAction.REPLAY, "ops:anna", "new key", "corr-op-3");
        f.drain();

        assertThat(f.erp.receivedForInvoice("INV-2026-0406")).as("posted once, not again under the new key").isEqualTo(1);
        assertThat(f.stateOf(ACME, "INV-2026-0406")).isEqualTo("Paid");
        assertThat(f.string("select state->>'journalRef' from workflow_instance where business_key = 'INV-2026-0406'"))
                .as("the reference the peer holds for the first id").isEqualTo("erp-" + exception.commandId());
    }

    @Test
    void replayOfAnUnknownOutcomeSendsNothingUntilThePeerSaysItHasNoRecord() {
        f.erp.failAlways(Fault.TIMEOUT_BEFORE_ACTING);
        f.erp.lookupDown(true);
        f.submit(approved(ACME, "k1", "INV-2026-0404", "2400.00", null));
        for (int i = 0; i < 3; i++) {
            f.drain();
            f.clock.advance(Duration.ofMinutes(2));
        }
        ExceptionRecord exception = f.engine.exceptions().list(ACME, ExceptionRecord.Status.OPEN, null, 10).get(0);
        f.erp.failAlways(null);

        f.engine.exceptions().act(ACME, exception.id(), OperatorAction.REPLAY, "ops:anna", "", "c");
        f.drain();
        assertThat(f.erp.receivedForInvoice("INV-2026-0404")).as("nothing sent while the peer cannot be asked").isZero();
        assertThat(f.string("select status from outbox")).isEqualTo("UNKNOWN");

        f.erp.lookupDown(false);
        f.clock.advance(Duration.ofMinutes(2));
        f.drain();

        assertThat(f.erp.receivedForInvoice("INV-2026-0404")).isEqualTo(1);
        assertThat(f.stateOf(ACME, "INV-2026-0404")).isEqualTo("Paid");
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
