package io.finrelay.workflows.order;

import static io.finrelay.workflows.order.OrderSamples.credit;
import static io.finrelay.workflows.order.OrderSamples.eur;
import static io.finrelay.workflows.order.OrderSamples.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.workflows.Mermaid;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.order.OrderState.Sale;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order-to-cash diagram in the docs, rendered from {@code OrderToCash.decide}; a stale file fails the build. */
class OrderDiagramTest {
    private static final Path DOC = Path.of("docs", "order-to-cash.md");

    static Map<String, OrderEvent> events() {
        Actor controller = new Actor("a.brandt", List.of());
        Map<String, OrderEvent> events = new LinkedHashMap<>();
        events.put("Arrived", new OrderEvent.Arrived(order()));
        events.put("CreditRead [within]", credit("21300.00", "50000.00", "0.00", null));
        events.put("CreditRead [over a limit]", credit("45000.00", "50000.00", "0.00", null));
        events.put("CreditUnavailable", new OrderEvent.CreditUnavailable("operator"));
        events.put("CreditReviewed [release]", new OrderEvent.CreditReviewed(controller, true, ""));
        events.put("CreditReviewed [refuse]", new OrderEvent.CreditReviewed(controller, false, "dunning"));
        events.put("ExposureLowered", new OrderEvent.ExposureLowered("a payment of the customer"));
        events.put("SaleBooked", new OrderEvent.SaleBooked("SO-7", "INV-7", "AR-7", LocalDate.of(2026, 3, 2),
                LocalDate.of(2026, 4, 1), null));
        events.put("BookingCancelled", new OrderEvent.BookingCancelled("operator"));
        OrderCommands.AccountFigures figures = new OrderCommands.AccountFigures("0015g0000000001", BigDecimal.ZERO,
                BigDecimal.ZERO, "EUR", 30, LocalDate.of(2026, 4, 1));
        events.put("PaymentApplied [part]", new OrderEvent.PaymentApplied("m-1", "B-1", eur("1000.00"),
                LocalDate.of(2026, 4, 1), figures));
        events.put("PaymentApplied [all or more]", new OrderEvent.PaymentApplied("m-1", "B-1", eur("18450.00"),
                LocalDate.of(2026, 4, 1), figures));
        return events;
    }

    static List<OrderState> states() {
        OrderFacts f = order();
        CreditCheck.Assessment within = CreditCheck.assess(f.amount(), new CreditCheck.Figures(eur("0.00"), eur("0.00"),
                null, eur("0.00"), null));
        Sale sale = new Sale("SO-7", "INV-7", "AR-7", LocalDate.of(2026, 3, 2), LocalDate.of(2026, 4, 1), null);
        return List.of(new OrderState.Received(), new OrderState.CheckingCredit(f, 1),
                new OrderState.CreditHeld(f, within, 1), new OrderState.Booking(f, within, "credit-check"),
                new OrderState.AwaitingPayment(f, within, "credit-check", sale, eur("0.00")),
                new OrderState.Paid(f, within, "credit-check", sale, f.amount(), eur("0.00"), LocalDate.of(2026, 4, 1), "B-1"),
                new OrderState.Refused(f, within, "a.brandt", "dunning"), new OrderState.Cancelled(f, "operator"));
    }

    @Test
    void theDiagramShowsEveryStateAndTheCheckedInDocIsCurrent() throws IOException {
        String mermaid = Mermaid.render(new OrderToCash(), states(), events(), List.of("Paid", "Refused", "Cancelled"));
        for (Class<?> state : OrderState.class.getPermittedSubclasses()) {
            assertThat(mermaid).as("state " + state.getSimpleName()).contains(state.getSimpleName());
        }
        String[] doc = Mermaid.checkedInAndExpected(DOC, "Order to cash: the state machine", "OrderToCash.decide",
                "OrderDiagramTest", mermaid);
        assertThat(doc[0]).as(DOC + " is stale: rewrite it with bin/finrelay mvn test -pl finrelay-workflows "
                + "-Dtest=OrderDiagramTest -D" + Mermaid.UPDATE + "=true").isEqualTo(doc[1]);
    }
}
