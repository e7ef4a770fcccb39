package io.finrelay.connectors.erp.tryton;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.connectors.erp.JournalOutboxConnector;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.db.Migrations;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.outbox.ConnectorRegistry;
import io.finrelay.engine.outbox.RetryPolicy;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import io.finrelay.model.Money;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.JournalEntryId;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.model.ledger.JournalLine;
import io.finrelay.testkit.StepClock;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.finrelay.testkit.TestDatabase;
import io.finrelay.workflows.expense.ExpenseCommands;
import io.finrelay.workflows.port.JournalEntryJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The real engine (outbox, dispatcher on virtual threads, lookup after UNKNOWN) in front of the real
 * Tryton: every journal command ends DONE and Tryton holds each exactly once, although the answers of
 * the first post calls are lost on the way back.
 */
class TrytonThroughEngineIT {

    /** A one-step workflow: an approved entry is posted to the ERP. */
    static final class PostOnce implements WorkflowDefinition<PostOnce.State, PostOnce.Event> {
        sealed interface State extends WorkflowState {}

        record New() implements State {}

        record Posting() implements State {}

        record Posted(String result) implements State {
            @Override
            public boolean isTerminal() {
                return true;
            }
        }

        sealed interface Event extends WorkflowEvent {}

        record Approved(String journalJson) implements Event {}

        record Done(String result) implements Event {}

        @Override
        public String type() {
            return "post-once";
        }

        @Override
        public Class<State> stateType() {
            return State.class;
        }

        @Override
        public Class<Event> eventType() {
            return Event.class;
        }

        @Override
        public State initialState() {
            return new New();
        }

        @Override
        public Decision<State> decide(State state, Event event) {
            return switch (event) {
                case Approved a when state instanceof New -> Decision.<State>moveTo(new Posting())
                        .send(ExpenseCommands.POST_JOURNAL, JournalEntryJson.read(a.journalJson()));
                case Done d when state instanceof Posting -> Decision.moveTo(new Posted(d.result()));
                default -> Decision.reject("unexpected " + event + " in " + state);
            };
        }

        @Override
        public Optional<Event> onCommandOutcome(State state, CommandOutcome outcome) {
            return outcome instanceof CommandOutcome.Succeeded s ? Optional.of(new Done(s.resultJson())) : Optional.empty();
        }
    }

    @Test
    void everyCommandIsPostedOnceAlthoughAnswersWereLost() throws Exception {
        TrytonPeer peer = TrytonITSupport.peer();
        TrytonErp erp = new TrytonErp(peer.config());
        AtomicInteger lose = new AtomicInteger(2);           // the first two post calls lose their answer
        erp.client().loseAnswersFor(m -> m.equals("model.account.move.post") && lose.getAndDecrement() > 0);
        DataSource ds = TestDatabase.newDatabase("tryton_engine");
        Migrations.migrate(ds);
        StepClock clock = StepClock.at("2026-11-02T09:00:00Z");
        int n = 45;
        try (JournalOutboxConnector connector = new JournalOutboxConnector(t -> Optional.of(erp), 20,
                Duration.ofMillis(3));
             WorkflowEngine engine = WorkflowEngine.builder(new Database(ds), new WorkflowRegistry(List.of(new PostOnce())))
                     // One lost batch answer makes ~20 commands UNKNOWN at once; the default breaker (50% of
                     // 10 calls) would open on that for 30 s of wall time. Counted per peer call it would not.
                     .connectors(new ConnectorRegistry(CircuitBreakerConfig.custom().minimumNumberOfCalls(1_000)
                             .build()).register(connector,
                             new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1), 5)))
                     .clock(clock).random(new Random(7)).config(WorkflowEngine.Config.defaults("erp-it")).build()) {
            for (int i = 0; i < n; i++) {
                JournalEntry e = new JournalEntry(new JournalEntryId(UUID.randomUUID()), TrytonPeer.TENANT,
                        TrytonITSupport.legalEntity(peer), peer.facts().today(), "engine " + i, List.of(
                        JournalLine.debit(AccountCode.of("6000"), Money.of((i + 1) + ".00", "EUR"), ""),
                        JournalLine.credit(AccountCode.of("1000"), Money.of((i + 1) + ".00", "EUR"), "")));
                engine.submit(new InboundEvent(new InboxKey(TrytonPeer.TENANT, "it", "k-" + UUID.randomUUID()),
                        "post-once", "J-" + i, new Input.Domain(new PostOnce.Approved(JournalEntryJson.write(e))),
                        "corr-" + i, "it"));
            }
            for (int round = 0; round < 20 && count(ds, "select count(*) from outbox") > 0; round++) {
                while (engine.dispatchOnce() > 0) {
                    // until nothing is due at this clock time
                }
                clock.advance(Duration.ofMinutes(2));
            }
        }
        assertThat(count(ds, "select count(*) from outbox")).isZero();
        assertThat(count(ds, "select count(*) from outbox_done where outcome = 'DONE'")).isEqualTo(n);
        assertThat(count(ds, "select count(*) from workflow_instance where state_name = 'Posted' and ended")).isEqualTo(n);
        assertThat(count(ds, "select count(*) from audit_event where kind = 'command.outcome-unknown'")).isPositive();
        // The commands whose answer was lost were settled by asking Tryton, not by posting again.
        assertThat(count(ds, "select count(*) from audit_event where detail::text like '%\"foundByLookup\": true%'"))
                .as(dump(ds)).isPositive();
        List<UUID> commands = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(
                "select command_id from outbox_done"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                commands.add(rs.getObject(1, UUID.class));
            }
        }
        TrytonClient reader = new TrytonClient(peer.config());
        for (UUID id : commands) {
            assertThat(TrytonITSupport.allMoves(reader, id)).as("moves of command %s", id).isEqualTo(1);
            assertThat(TrytonITSupport.postedMoves(reader, id)).isEqualTo(1);
        }
    }

    private static String dump(DataSource ds) {
        StringBuilder out = new StringBuilder();
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(
                "select kind, detail::text from audit_event order by id limit 200"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.append(rs.getString(1)).append(' ').append(rs.getString(2)).append('\n');
            }
        } catch (java.sql.SQLException e) {
            out.append(e);
        }
        return out.toString();
    }

    private static long count(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
