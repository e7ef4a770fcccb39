package io.finrelay.connectors.erp.tryton;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.finrelay.testkit.StepClock;
import io.finrelay.testkit.TestDatabase;
import io.finrelay.workflows.order.OrderCommands;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The real engine (outbox, dispatcher, lookup after UNKNOWN) sending order to cash's {@code book-sale} to
 * the real Tryton through {@link TrytonOrderCommands}: one order whose sale's create answer is lost (the
 * lookup finds a draft, not a booked sale: the resend finishes that sale) and one whose invoice's post
 * answer is lost (the lookup finds the sale booked: no resend). Each ends DONE with one sale and one
 * posted invoice in Tryton.
 */
class TrytonSaleThroughEngineIT {

    /** A released order, booked in the ERP: the step of order to cash this test drives. */
    static final class BookOnce implements WorkflowDefinition<BookOnce.State, BookOnce.Event> {
        sealed interface State extends WorkflowState {}

        record New() implements State {}

        record Booking() implements State {}

        record Booked(String answer) implements State {
            @Override
            public boolean isTerminal() {
                return true;
            }
        }

        sealed interface Event extends WorkflowEvent {}

        record Released(OrderCommands.BookSale sale) implements Event {}

        record Done(String answer) implements Event {}

        @Override
        public String type() {
            return "book-once";
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
                case Released r when state instanceof New -> Decision.<State>moveTo(new Booking())
                        .send(OrderCommands.BOOK_SALE, r.sale());
                case Done d when state instanceof Booking -> Decision.moveTo(new Booked(d.answer()));
                default -> Decision.reject("unexpected " + event + " in " + state);
            };
        }

        @Override
        public Optional<Event> onCommandOutcome(State state, CommandOutcome outcome) {
            return outcome instanceof CommandOutcome.Succeeded s ? Optional.of(new Done(s.resultJson())) : Optional.empty();
        }
    }

    @Test
    void anOrderIsBookedAsOneSaleAlthoughTheAnswersOfTrytonWereLost() throws Exception {
        TrytonPeer peer = TrytonITSupport.peer();
        TrytonErp erp = new TrytonErp(peer.config());
        AtomicInteger loseCreate = new AtomicInteger(1);
        AtomicInteger losePost = new AtomicInteger(1);
        erp.client().loseAnswersFor(m -> (m.equals("model.sale.sale.create") && loseCreate.getAndDecrement() > 0)
                || (m.equals("model.account.invoice.post") && losePost.getAndDecrement() > 0));
        TrytonClient reader = new TrytonClient(peer.config());
        long customer = reader.createOne("party.party", Map.of("name", "Weser Stahlbau " + UUID.randomUUID().toString()
                .substring(0, 8), "credit_limit_amount", new BigDecimal("100000"), "addresses", List.of(List.of("create",
                List.of(Map.of("street", "Am Hafen 3", "postal_code", "28217", "city", "Bremen"))))));
        DataSource ds = TestDatabase.newDatabase("tryton_sale_engine");
        Migrations.migrate(ds);
        StepClock clock = StepClock.at("2026-11-02T09:00:00Z");
        try (WorkflowEngine engine = WorkflowEngine.builder(new Database(ds), new WorkflowRegistry(List.of(new BookOnce())))
                .connectors(new ConnectorRegistry().register(new TrytonOrderCommands(t -> Optional.of(erp)),
                        new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1), 5)))
                .clock(clock).random(new Random(11)).config(WorkflowEngine.Config.defaults("sale-it")).build()) {
            for (String number : List.of("SO-2026-0811", "SO-2026-0812")) {
                engine.submit(new InboundEvent(new InboxKey(TrytonPeer.TENANT, "it", "k-" + UUID.randomUUID()), "book-once",
                        number, new Input.Domain(new BookOnce.Released(new OrderCommands.BookSale("801Qy" + number, number,
                        Long.toString(customer), "Weser Stahlbau", new BigDecimal("2975.00"), "EUR", peer.facts().today(),
                        "order " + number + " of Weser Stahlbau"))), "corr-" + number, "it"));
                // one order at a time, so that each meets its own lost answer
                for (int round = 0; round < 10 && count(ds, "select count(*) from outbox") > 0; round++) {
                    while (engine.dispatchOnce() > 0) {
                        // until nothing is due at this clock time
                    }
                    clock.advance(Duration.ofMinutes(2));
                }
            }
        }
        assertThat(count(ds, "select count(*) from outbox")).isZero();
        assertThat(count(ds, "select count(*) from outbox_done where outcome = 'DONE'")).isEqualTo(2);
        assertThat(count(ds, "select count(*) from workflow_instance where state_name = 'Booked' and ended")).isEqualTo(2);
        assertThat(count(ds, "select count(*) from audit_event where kind = 'command.outcome-unknown'")).isEqualTo(2);
        assertThat(count(ds, "select count(*) from audit_event where detail::text like '%\"foundByLookup\": true%'"))
                .as("the order whose post answer was lost is found booked, not sent again").isEqualTo(1);
        assertThat(loseCreate.get()).isLessThan(1);
        assertThat(losePost.get()).isLessThan(1);
        assertThat(reader.search("sale.sale", List.of(List.of("party", "=", customer)), null, null)).hasSize(2);
        List<Long> invoices = reader.search("account.invoice", List.of(List.of("party", "=", customer)), null, null);
        assertThat(invoices).hasSize(2);
        assertThat(reader.read("account.invoice", invoices, List.of("state"))).allSatisfy(i ->
                assertThat(i.path("state").asText()).isEqualTo("posted"));
    }

    private static long count(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
