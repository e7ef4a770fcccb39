package io.finrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.Incident;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A decision's note (why it went this way, for the timeline) travels with it and must say something. */
class DecisionNoteTest {

    @Test
    void aNoteSurvivesTheCommandsAndIncidentsAddedAfterIt() {
        Decision.Accepted<PaymentFlow.State> decided = Decision.<PaymentFlow.State>moveTo(new PaymentFlow.Posting("INV-1",
                        "100.00")).note("approval rule de01-small routed it: 1 approver of role ap-approver")
                .send("erp", "post-journal", Map.of("invoice", "INV-1"))
                .raise(new Incident("held", "a reason", Map.of()));
        assertThat(decided.note()).isEqualTo("approval rule de01-small routed it: 1 approver of role ap-approver");
        assertThat(decided.commands()).hasSize(1);
        assertThat(decided.incidents()).hasSize(1);
    }

    @Test
    void aDecisionWithoutANoteHasNoneAndABlankNoteIsRefused() {
        Decision.Accepted<PaymentFlow.State> plain = Decision.moveTo(new PaymentFlow.New());
        assertThat(plain.note()).isNull();
        assertThatThrownBy(() -> plain.note(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
