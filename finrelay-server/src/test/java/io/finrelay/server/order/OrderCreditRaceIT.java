package io.finrelay.server.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.finrelay.engine.db.Database;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.model.Money;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.ServerIT;
import io.finrelay.workflows.order.OrderEvent;
import io.finrelay.workflows.order.OrderFacts;
import io.finrelay.workflows.order.OrderState;
import io.finrelay.workflows.order.OrderToCash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two orders of one customer whose credit is decided at the same moment: each alone is within the
 * limit, both together are not. Each credit check must count the other once it was released: in two
 * deciding transactions at once (the second waits for the first, per tenant and customer) and in one
 * transaction deciding both (a batch of the engine, whose read-model rows are written after all its
 * decisions). The deciding transactions are driven as the engine drives them: enrich with the
 * transaction's reading, decide, project.
 */
class OrderCreditRaceIT extends ServerIT {
    @Autowired
    Database db;

    private final OrderToCash flow = new OrderToCash(new OrderTables());
    /** A thread per deciding transaction (the common pool may have a single worker on a small machine). */
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private TenantId tenant;
    private String customer;

    @org.junit.jupiter.api.AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @BeforeEach
    void customer() {
        tenant = new TenantId(UUID.fromString(newTenant("Race").id()));
        customer = "CUST-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private OrderFacts order(String number, String amount) {
        return new OrderFacts("801Qy0000" + number, OrderFacts.ORDER, number, "001Qy0000Race", customer,
                "Baltic Freight AG", Money.of(amount, "EUR"), LocalDate.of(2026, 3, 2), "j.meyer");
    }

    /** What the ERP says of the customer: nothing owed, a limit of 50,000.00. */
    private static OrderEvent.CreditRead erp() {
        return new OrderEvent.CreditRead(new OrderEvent.ErpCredit(Money.of("0.00", "EUR"), Money.of("0.00", "EUR"),
                Money.of("50000.00", "EUR")));
    }

    /** One order's credit outcome decided in the transaction of {@code c}, as the engine does; answers the new state. */
    private OrderState checked(Connection c, OrderFacts f) {
        OrderState.CheckingCredit checking = new OrderState.CheckingCredit(f, 1);
        Reading reading = new Reading(c, tenant, Instant.parse("2026-03-02T10:00:00Z"));
        flow.project(new Transition<>(UUID.randomUUID(), f.orderId(), new OrderState.Received(), checking), reading);
        OrderEvent event = flow.enrich(checking, erp(), reading);
        Decision<OrderState> decision = flow.decide(checking, event);
        assertThat(decision).as(decision.toString()).isInstanceOf(Decision.Accepted.class);
        return ((Decision.Accepted<OrderState>) decision).newState();
    }

    @Test
    void twoOrdersOfOneCustomerDecidedInOneTransactionCountEachOther() {
        OrderFacts first = order("00000201", "30000.00");
        OrderFacts second = order("00000202", "25000.00");
        OrderState[] states = db.inSystem(c -> {
            OrderState a = checked(c, first);
            OrderState b = checked(c, second);
            // the engine writes the read model after every decision of its batch
            Reading reading = new Reading(c, tenant, Instant.parse("2026-03-02T10:00:00Z"));
            flow.project(new Transition<>(UUID.randomUUID(), first.orderId(), new OrderState.CheckingCredit(first, 1), a),
                    reading);
            flow.project(new Transition<>(UUID.randomUUID(), second.orderId(), new OrderState.CheckingCredit(second, 1),
                    b), reading);
            return new OrderState[] {a, b};
        });

        assertThat(states[0]).isInstanceOf(OrderState.Booking.class);
        assertThat(states[1]).isInstanceOfSatisfying(OrderState.CreditHeld.class, h -> assertThat(h.credit().summary())
                .contains("orders in flight 30000.00 EUR", "exceeds the ERP credit limit of 50000.00 EUR by 5000.00 EUR"));
    }

    @Test
    void twoOrdersOfOneCustomerDecidedInTwoTransactionsAtOnceCountEachOther() throws Exception {
        OrderFacts first = order("00000301", "30000.00");
        OrderFacts second = order("00000302", "25000.00");
        CountDownLatch firstDecided = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        CompletableFuture<OrderState> a = CompletableFuture.supplyAsync(() -> db.inSystem(c -> {
            OrderState state = checked(c, first);
            flow.project(new Transition<>(UUID.randomUUID(), first.orderId(), new OrderState.CheckingCredit(first, 1),
                    state), new Reading(c, tenant, Instant.parse("2026-03-02T10:00:00Z")));
            firstDecided.countDown();
            try {
                assertThat(commitFirst.await(60, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return state;
        }), threads);
        assertThat(firstDecided.await(60, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<OrderState> b = CompletableFuture.supplyAsync(() -> db.inSystem(c -> checked(c, second)), threads);

        // the second deciding transaction waits for the first (rather than deciding without it)
        await().atMost(Duration.ofSeconds(30)).until(() -> b.isDone() || waitingOnAnAdvisoryLock() > 0);
        assertThat(b).as("decided while the first order's release was not committed").isNotDone();
        commitFirst.countDown();

        assertThat(a.get(60, TimeUnit.SECONDS)).isInstanceOf(OrderState.Booking.class);
        assertThat(b.get(60, TimeUnit.SECONDS)).isInstanceOfSatisfying(OrderState.CreditHeld.class, h ->
                assertThat(h.credit().summary()).contains("orders in flight 30000.00 EUR"));
    }

    @Test
    void ordersOfTwoCustomersAreDecidedWithoutWaitingForEachOther() throws Exception {
        OrderFacts first = order("00000401", "30000.00");
        CountDownLatch firstDecided = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        CompletableFuture<OrderState> a = CompletableFuture.supplyAsync(() -> db.inSystem(c -> {
            OrderState state = checked(c, first);
            firstDecided.countDown();
            try {
                assertThat(commitFirst.await(60, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return state;
        }), threads);
        try {
            assertThat(firstDecided.await(60, TimeUnit.SECONDS)).isTrue();
            String other = customer;
            customer = "CUST-" + UUID.randomUUID().toString().substring(0, 8);
            OrderState b = db.inSystem(c -> checked(c, order("00000402", "25000.00")));
            assertThat(b).as("another customer's order does not wait (nor count) " + other)
                    .isInstanceOf(OrderState.Booking.class);
        } finally {
            commitFirst.countDown();
        }
        assertThat(a.get(60, TimeUnit.SECONDS)).isInstanceOf(OrderState.Booking.class);
    }

    /** Backends of this database waiting on an advisory lock. */
    private long waitingOnAnAdvisoryLock() {
        return asOwner(db, c -> {
            try (PreparedStatement s = c.prepareStatement("select count(*) from pg_stat_activity where datname = "
                    + "current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
