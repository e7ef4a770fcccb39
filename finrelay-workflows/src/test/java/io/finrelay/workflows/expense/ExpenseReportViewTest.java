package io.finrelay.workflows.expense;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.workflows.expense.ExpenseEvent.JournalPosted;
import io.finrelay.workflows.expense.ExpenseEvent.ReportApproved;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What each transition writes into the report's read model: its lines once, when the report is taken in. */
class ExpenseReportViewTest {
    private static final ExpenseReimbursement FLOW = new ExpenseReimbursement();

    @Test
    void theReportsLinesAreWrittenOnTheTransitionThatTookItInAndOnNoLaterOne() {
        List<ExpenseReportView> views = new ArrayList<>();
        ExpenseState state = FLOW.initialState();
        for (ExpenseEvent event : List.of(new ReportApproved(Samples.claim(), Samples.reference()),
                new JournalPosted("move-17", "JE-2026-0017"))) {
            Decision<ExpenseState> decision = FLOW.decide(state, event);
            assertThat(decision).as(event + " in " + state.name()).isInstanceOf(Decision.Accepted.class);
            ExpenseState next = ((Decision.Accepted<ExpenseState>) decision).newState();
            views.add(ExpenseReportView.of(new Transition<>(UUID.randomUUID(), "ER-2026-0001", state, next)));
            state = next;
        }
        assertThat(views.get(0).takenIn()).as("the claim's lines, as the platform sent them")
                .isEqualTo(Samples.claim().lines()).isNotEmpty();
        assertThat(views.get(0).currency()).isEqualTo(Samples.claim().currency());
        assertThat(views.get(1).takenIn()).as("a report's lines never change after it was taken in").isEmpty();
    }
}
