package io.finrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.engine.fixtures.PaymentFlowV3;
import io.finrelay.engine.fixtures.PaymentFlowV3.Amount;
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.engine.workflow.StoredDocument;
import io.finrelay.engine.workflow.StoredFormat;
import io.finrelay.engine.workflow.StoredFormatException;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.Upcaster;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowState;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The versioned state format without a database: the upcaster chain, and what it refuses. */
class StoredFormatTest {
    private static final WorkflowRegistry.Registered<?, ?> V3 =
            new WorkflowRegistry(List.of(new PaymentFlowV3())).get(PaymentFlowV3.TYPE);

    @Test
    void aStateStoredInTheFirstVersionPassesBothStepsToTheThird() {
        WorkflowState state = V3.readState("Paying",
                "{\"invoice\":\"INV-2026-0042\",\"amount\":\"1250.00\",\"journalRef\":\"JE-7781\"}", 1);

        assertThat(state).isEqualTo(new PaymentFlowV3.Paying("INV-2026-0042", new Amount("1250.00", "EUR"), "JE-7781"));
    }

    @Test
    void aStateStoredInTheSecondVersionTakesOnlyTheLastStep() {
        WorkflowState state = V3.readState("Posting",
                "{\"invoice\":\"INV-2026-0043\",\"amount\":\"980.40\",\"currency\":\"CHF\"}", 2);

        assertThat(state).as("the currency stored in version 2 is kept, not replaced by version 1's default")
                .isEqualTo(new PaymentFlowV3.Posting("INV-2026-0043", new Amount("980.40", "CHF")));
    }

    @Test
    void aRenamedStateIsReadUnderItsNewNameWithItsNewField() {
        WorkflowState state = V3.readState("Blocked", "{\"invoice\":\"INV-2026-0044\",\"amount\":\"310.00\"}", 1);

        assertThat(state).isEqualTo(new PaymentFlowV3.OnHold("INV-2026-0044", "310.00", "EUR", "vendor blocked"));
        assertThat(V3.currentState("Blocked", "{\"invoice\":\"INV-2026-0044\",\"amount\":\"310.00\"}", 1).name())
                .isEqualTo("OnHold");
    }

    @Test
    void aStateTheStepsDoNotConcernPassesThroughUnchanged() {
        assertThat(V3.readState("Paid", "{\"invoice\":\"INV-2026-0045\",\"journalRef\":\"JE-1\",\"paymentRef\":\"PAY-9\"}", 1))
                .isEqualTo(new PaymentFlowV3.Paid("INV-2026-0045", "JE-1", "PAY-9"));
    }

    @Test
    void aTimerEventStoredInTheFirstVersionGainsTheCalendarItWasDueIn() {
        assertThat(V3.readEvent("DueDateReached", "{}", 1)).isEqualTo(new PaymentFlowV3.DueDateReached("TARGET2"));
        assertThat(V3.readEvent("DueDateReached", "{\"calendar\":\"EBA-STEP2\"}", 3))
                .isEqualTo(new PaymentFlowV3.DueDateReached("EBA-STEP2"));
    }

    @Test
    void aVersionNewerThanTheCodeIsRefusedNamingBothVersions() {
        assertThatThrownBy(() -> V3.readState("Paying", "{\"invoice\":\"INV-2026-0046\"}", 4))
                .isInstanceOfSatisfying(StoredFormatException.class, e -> {
                    assertThat(e.unknownVersion()).isTrue();
                    assertThat(e.storedVersion()).isEqualTo(4);
                    assertThat(e.currentVersion()).isEqualTo(3);
                })
                .hasMessageContaining("format version 4").hasMessageContaining("reads versions 1 to 3")
                .hasMessageContaining("test-payment");
    }

    @Test
    void aVersionBelowTheFirstIsNotAVersionAtAll() {
        assertThatThrownBy(() -> V3.readState("Paying", "{}", 0))
                .isInstanceOfSatisfying(StoredFormatException.class, e -> assertThat(e.unknownVersion()).isTrue());
    }

    @Test
    void aStepThatFailsIsReportedWithTheVersionsItLinksAndTheState() {
        StoredFormat format = StoredFormat.version(2).from(1, Upcaster.state("Paying", json -> {
            throw new IllegalArgumentException("amount '" + json.path("amount").asText() + "' is not a decimal");
        }));

        assertThatThrownBy(() -> format.upcast("test-payment", 1, StoredDocument.Kind.STATE, "Paying",
                "{\"amount\":\"twelve\"}"))
                .isInstanceOfSatisfying(StoredFormatException.class, e -> assertThat(e.unknownVersion()).isFalse())
                .hasMessageContaining("from version 1 to 2").hasMessageContaining("Paying")
                .hasMessageContaining("amount 'twelve' is not a decimal");
    }

    @Test
    void anUpcastStateThatStillDoesNotFitTheCurrentRecordIsRefusedNotHalfRead() {
        assertThatThrownBy(() -> V3.readState("Paid", "{\"invoice\":\"INV-2026-0047\",\"journalRef\":\"JE-2\","
                + "\"paymentRef\":\"PAY-3\",\"fxRate\":\"1.08\"}", 1))
                .isInstanceOf(StoredFormatException.class).hasMessageContaining("does not read as version 3")
                .hasMessageContaining("fxRate");
    }

    @Test
    void aStateAtTheCurrentVersionIsReadWithoutRunningAnyStep() {
        AtomicInteger steps = new AtomicInteger();
        Reformatted counted = new Reformatted(StoredFormat.version(2).from(1, document -> {
            steps.incrementAndGet();
            return document;
        }));
        WorkflowRegistry.Registered<?, ?> registered = new WorkflowRegistry(List.of(counted)).get(PaymentFlow.TYPE);

        registered.readState("Posting", "{\"invoice\":\"INV-2026-0048\",\"amount\":\"75.00\"}", 2);
        registered.readEvent("DueDateReached", "{}", 2);
        assertThat(steps).as("no step at the current version").hasValue(0);

        registered.readState("Posting", "{\"invoice\":\"INV-2026-0048\",\"amount\":\"75.00\"}", 1);
        assertThat(steps).hasValue(1);
    }

    @Test
    void aWorkflowWhoseFormatMissesAStepIsRefusedWhenItIsRegistered() {
        Reformatted gap = new Reformatted(StoredFormat.version(3).from(2, Upcaster.renameState("Blocked", "OnHold")));

        assertThatThrownBy(() -> new WorkflowRegistry(List.of(gap)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no upcaster from version(s) [1]");
    }

    @Test
    void stepsOutsideTheVersionsOrTwiceForOneVersionAreProgrammingErrors() {
        Upcaster none = document -> document;
        assertThatThrownBy(() -> StoredFormat.version(2).from(2, none)).hasMessageContaining("steps go from 1 to 1");
        assertThatThrownBy(() -> StoredFormat.version(3).from(1, none).from(1, none)).hasMessageContaining("two steps");
        assertThatThrownBy(() -> StoredFormat.version(0)).hasMessageContaining("starts at 1");
    }

    @Test
    void everyWorkflowStartsInTheFirstVersion() {
        assertThat(new PaymentFlow().storedFormat().current()).isEqualTo(1);
        assertThat(PaymentFlowV3.FORMAT.current()).isEqualTo(3);
    }

    /** {@link PaymentFlow} declaring another stored format. */
    private record Reformatted(StoredFormat format) implements WorkflowDefinition<PaymentFlow.State, PaymentFlow.Event> {
        private static final PaymentFlow FLOW = new PaymentFlow();

        @Override
        public String type() {
            return FLOW.type();
        }

        @Override
        public Class<PaymentFlow.State> stateType() {
            return FLOW.stateType();
        }

        @Override
        public Class<PaymentFlow.Event> eventType() {
            return FLOW.eventType();
        }

        @Override
        public PaymentFlow.State initialState() {
            return FLOW.initialState();
        }

        @Override
        public StoredFormat storedFormat() {
            return format;
        }

        @Override
        public Decision<PaymentFlow.State> decide(PaymentFlow.State state, PaymentFlow.Event event) {
            return FLOW.decide(state, event);
        }
    }
}
