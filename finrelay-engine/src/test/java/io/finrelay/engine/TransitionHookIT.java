package io.finrelay.engine;

import static io.finrelay.engine.fixtures.EngineFixture.ACME;
import static io.finrelay.engine.fixtures.EngineFixture.approved;
import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.fixtures.EngineFixture;
import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.engine.workflow.CommandRequest;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.engine.workflow.TransitionHook;
import io.finrelay.engine.workflow.WorkflowState;
import io.finrelay.model.id.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node's own commands on a transition (the business events of a tenant's Kafka stream): written with the
 * workflow's in the transition's transaction, delivered like them, their outcomes kept from the workflow.
 */
class TransitionHookIT {
    EngineFixture f;

    @AfterEach
    void stop() {
        f.close();
    }

    /** Announces each invoice that enters Posting and each that is Paid, to the bank peer (a stand-in stream). */
    private static final TransitionHook ANNOUNCE = new TransitionHook() {
        @Override
        public List<CommandRequest> commandsFor(TenantId tenant, String workflowType,
                                                Transition<? extends WorkflowState> t, Instant at) {
            boolean entering = t.from().getClass() != t.to().getClass();
            return entering && (t.to() instanceof PaymentFlow.Posting || t.to() instanceof PaymentFlow.Paid)
                    ? List.of(new CommandRequest("bank", "announce", Map.of("invoice", t.businessKey(),
                            "state", t.to().name(), "at", at.toString())))
                    : List.of();
        }

        @Override
        public boolean adds(String commandType) {
            return commandType.equals("announce");
        }
    };

    @Test
    void aHookCommandGoesOutAfterTheWorkflowsOwnAndItsOutcomeNeverReachesTheWorkflow() {
        f = new EngineFixture("hook");
        f.transitionHook = ANNOUNCE;
        f.restart();

        f.submit(approved(ACME, "k1", "INV-2026-0811", "4310.00", null));
        assertThat(f.string("select string_agg(command_type, ',' order by seq) from outbox")).isEqualTo("post-journal,announce");
        f.drain();

        // PaymentFlow takes any other success for "payment sent": had the announcement's outcome reached it, the
        // invoice would be Paid by the announcement's reference, before its payment was made
        assertThat(f.stateOf(ACME, "INV-2026-0811")).isEqualTo("Paid");
        String pay = f.string("select command_id::text from outbox_done where command_type = 'pay'");
        assertThat(f.string("select state->>'paymentRef' from workflow_instance")).isEqualTo("bank-" + pay);
        assertThat(f.count("select count(*) from outbox_done where command_type = 'announce' and outcome = 'DONE'"))
                .as("Posting and Paid announced, each once").isEqualTo(2);
        assertThat(f.count("select count(*) from outbox")).isZero();
        assertThat(f.count("select count(*) from exception")).isZero();
        // the outcome on the ended instance is recorded as a transition that stays in Paid
        assertThat(f.count("select count(*) from audit_event where kind = 'transition' and detail->>'commandType' = 'announce' "
                + "and detail->>'to' = 'Paid' and detail->>'from' = 'Paid'")).isEqualTo(1);
    }

    @Test
    void aHookThatThrowsParksTheInputAsAnIncidentAndWritesNothingElse() {
        f = new EngineFixture("hook_fails");
        f.transitionHook = (tenant, type, t, at) -> {
            throw new IllegalStateException("no stream configured for " + tenant);
        };
        f.restart();

        Receipt receipt = f.submit(approved(ACME, "k1", "INV-2026-0812", "99.00", null));

        assertThat(receipt).isInstanceOf(Receipt.Failed.class);
        assertThat(f.string("select code from exception")).isEqualTo("transition-hook-failed");
        assertThat(f.count("select count(*) from outbox")).isZero();
        assertThat(f.count("select count(*) from workflow_instance")).isZero();
    }
}
