package io.finrelay.workflows.order;

import static io.finrelay.workflows.order.OrderSamples.credit;
import static io.finrelay.workflows.order.OrderSamples.eur;
import static io.finrelay.workflows.order.OrderSamples.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.CommandRequest;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.order.OrderState.AwaitingPayment;
import io.finrelay.workflows.order.OrderState.Booking;
import io.finrelay.workflows.order.OrderState.CheckingCredit;
import io.finrelay.workflows.order.OrderState.CreditHeld;
import io.finrelay.workflows.order.OrderState.Paid;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderToCashTest {
    private final OrderToCash flow = new OrderToCash();
    private static final OrderCommands.AccountFigures FIGURES = new OrderCommands.AccountFigures("0015g0000000001",
            new BigDecimal("0.00"), new BigDecimal("0.00"), "EUR", 31, LocalDate.of(2026, 4, 2));

    private Decision.Accepted<OrderState> accept(OrderState state, OrderEvent event) {
        Decision<OrderState> d = flow.decide(state, event);
        assertThat(d).as("decision").isInstanceOf(Decision.Accepted.class);
        return (Decision.Accepted<OrderState>) d;
    }

    private CreditHeld held() {
        return (CreditHeld) accept(new CheckingCredit(order(), 1), credit("45000.00", "50000.00", "0.00", null)).newState();
    }

    private AwaitingPayment invoiced() {
        Booking booking = (Booking) accept(new CheckingCredit(order(), 1), credit("0.00", "50000.00", "0.00", null)).newState();
        return (AwaitingPayment) accept(booking, new OrderEvent.SaleBooked("SO-0007", "INV-7", "AR-2026-0007",
                LocalDate.of(2026, 3, 2), LocalDate.of(2026, 4, 1), null)).newState();
    }

    @Test
    void anArrivedOrderAsksTheErpForTheCustomersCredit() {
        Decision.Accepted<OrderState> d = accept(new OrderState.Received(), new OrderEvent.Arrived(order()));

        assertThat(d.newState()).isInstanceOf(CheckingCredit.class);
        assertThat(d.commands()).extracting(CommandRequest::type).containsExactly("read-credit-exposure");
        assertThat(d.commands().getFirst().payload()).isEqualTo(new OrderCommands.CreditQuery(OrderSamples.ORDER_ID,
                "CUST-2040", "EUR"));
    }

    @Test
    void anOrderWithinCreditIsReleasedAndBookedInTheErp() {
        Decision.Accepted<OrderState> d = accept(new CheckingCredit(order(), 1), credit("21300.00", "50000.00", "4200.00",
                "60000.00"));

        Booking booking = (Booking) d.newState();
        assertThat(booking.releasedBy()).isEqualTo(OrderToCash.CREDIT_CHECK);
        assertThat(booking.credit().exposure()).isEqualTo(eur("43950.00"));
        assertThat(d.commands()).extracting(CommandRequest::type).containsExactly("book-sale");
        assertThat((OrderCommands.BookSale) d.commands().getFirst().payload()).satisfies(s -> {
            assertThat(s.amount()).isEqualByComparingTo("18450.00");
            assertThat(s.customerRef()).isEqualTo("CUST-2040");
        });
    }

    @Test
    void anOrderOverTheLimitIsHeldWithTheFiguresAndNothingIsBooked() {
        Decision.Accepted<OrderState> d = accept(new CheckingCredit(order(), 1), credit("45000.00", "50000.00", "0.00", null));

        assertThat(d.newState()).isInstanceOf(CreditHeld.class);
        assertThat(d.commands()).isEmpty();
        assertThat(((CreditHeld) d.newState()).credit().summary()).contains("exposure 63450.00 EUR")
                .contains("exceeds the ERP credit limit of 50000.00 EUR by 13450.00 EUR");
    }

    @Test
    void creditFiguresWithoutFinrelaysOrdersInFlightAreRefused() {
        assertThat(flow.decide(new CheckingCredit(order(), 1), new OrderEvent.CreditRead(new OrderEvent.ErpCredit(
                eur("0.00"), eur("0.00"), null)))).isInstanceOf(Decision.Rejected.class);
    }

    @Test
    void aCreditControllerReleasesAHeldOrder() {
        Decision.Accepted<OrderState> d = accept(held(), new OrderEvent.CreditReviewed(new Actor("a.brandt",
                List.of()), true, "customer paid INV-2026-0311 by phone confirmation"));

        assertThat(((Booking) d.newState()).releasedBy()).isEqualTo("a.brandt");
        assertThat(d.commands()).extracting(CommandRequest::type).containsExactly("book-sale");
    }

    @Test
    void theSubmitterMayNotReleaseTheirOwnOrderFromItsCreditHold() {
        Decision<OrderState> d = flow.decide(held(), new OrderEvent.CreditReviewed(new Actor("j.meyer", List.of()), true, ""));

        assertThat(d).isInstanceOfSatisfying(Decision.Rejected.class, r -> assertThat(r.reason())
                .contains(OrderToCash.SELF_CREDIT_RELEASE).contains("j.meyer submitted order 00000104"));
    }

    @Test
    void aCreditControllerRefusesAHeldOrder() {
        Decision.Accepted<OrderState> d = accept(held(), new OrderEvent.CreditReviewed(new Actor("a.brandt", List.of()),
                false, "customer in dunning level 3"));

        assertThat(d.newState()).isInstanceOfSatisfying(OrderState.Refused.class, r -> {
            assertThat(r.by()).isEqualTo("a.brandt");
            assertThat(r.note()).isEqualTo("customer in dunning level 3");
            assertThat(r.isTerminal()).isTrue();
        });
        assertThat(d.commands()).isEmpty();
    }

    @Test
    void aPaymentOfTheCustomerChecksAHeldOrderAgainAndALoweredExposureReleasesIt() {
        Decision.Accepted<OrderState> again = accept(held(), new OrderEvent.ExposureLowered("INV-2026-0311 paid"));
        assertThat(again.newState()).isInstanceOfSatisfying(CheckingCredit.class, c -> assertThat(c.checks()).isEqualTo(2));
        assertThat(again.commands()).extracting(CommandRequest::type).containsExactly("read-credit-exposure");

        Decision.Accepted<OrderState> d = accept(again.newState(), credit("0.00", "50000.00", "0.00", null));
        assertThat(((Booking) d.newState()).releasedBy()).isEqualTo(OrderToCash.CREDIT_CHECK);
    }

    @Test
    void aPaymentThatDoesNotLowerTheExposureEnoughKeepsTheOrderHeld() {
        CheckingCredit again = (CheckingCredit) accept(held(), new OrderEvent.ExposureLowered("part payment")).newState();

        assertThat(accept(again, credit("35000.00", "50000.00", "0.00", null)).newState()).isInstanceOf(CreditHeld.class);
    }

    @Test
    void theBookedInvoiceWaitsForPaymentAndTheCrmHearsOfTheRelease() {
        Booking booking = (Booking) accept(new CheckingCredit(order(), 1), credit("0.00", "50000.00", "0.00", null)).newState();
        Decision.Accepted<OrderState> d = accept(booking, new OrderEvent.SaleBooked("SO-0007", "INV-7", "AR-2026-0007",
                LocalDate.of(2026, 3, 2), LocalDate.of(2026, 4, 1), null));

        assertThat(d.newState()).isInstanceOfSatisfying(AwaitingPayment.class, w -> assertThat(w.open()).isEqualTo(eur("18450.00")));
        assertThat(d.commands()).singleElement().satisfies(c -> {
            assertThat(c.connector()).isEqualTo(OrderCommands.CRM);
            assertThat(c.payload()).isEqualTo(new OrderCommands.OrderStatus("Order", OrderSamples.ORDER_ID, "Released",
                    "SO-0007", "AR-2026-0007"));
        });
    }

    @Test
    void aPartPaymentLeavesTheRestOpen() {
        Decision.Accepted<OrderState> d = accept(invoiced(), new OrderEvent.PaymentApplied("m-1", "BNK-77",
                eur("10000.00"), LocalDate.of(2026, 3, 20), FIGURES));

        assertThat(d.newState()).isInstanceOfSatisfying(AwaitingPayment.class, w -> assertThat(w.open())
                .isEqualTo(eur("8450.00")));
        assertThat(d.commands()).isEmpty();
    }

    @Test
    void theRestOfAPartPaymentPaysTheOrderAndTheCrmAccountIsUpdated() {
        AwaitingPayment part = (AwaitingPayment) accept(invoiced(), new OrderEvent.PaymentApplied("m-1", "BNK-77",
                eur("10000.00"), LocalDate.of(2026, 3, 20), FIGURES)).newState();
        Decision.Accepted<OrderState> d = accept(part, new OrderEvent.PaymentApplied("m-2", "BNK-91", eur("8450.00"),
                LocalDate.of(2026, 4, 2), FIGURES));

        assertThat(d.newState()).isInstanceOfSatisfying(Paid.class, p -> {
            assertThat(p.paid()).isEqualTo(eur("18450.00"));
            assertThat(p.overpaid()).isEqualTo(eur("0.00"));
            assertThat(p.paidOn()).isEqualTo(LocalDate.of(2026, 4, 2));
        });
        assertThat(d.commands()).singleElement().satisfies(c -> assertThat(c.payload()).isEqualTo(FIGURES));
    }

    @Test
    void anOverpaymentPaysTheOrderAndKeepsWhatWasPaidBeyondTheInvoice() {
        Decision.Accepted<OrderState> d = accept(invoiced(), new OrderEvent.PaymentApplied("m-1", "BNK-77",
                eur("18500.00"), LocalDate.of(2026, 3, 30), FIGURES));

        assertThat(d.newState()).isInstanceOfSatisfying(Paid.class, p -> assertThat(p.overpaid()).isEqualTo(eur("50.00")));
    }

    @Test
    void aPaymentInAnotherCurrencyIsRefused() {
        assertThat(flow.decide(invoiced(), new OrderEvent.PaymentApplied("m-1", "BNK-77", io.finrelay.model.Money.of(
                "18450.00", "CHF"), LocalDate.of(2026, 3, 30), FIGURES))).isInstanceOf(Decision.Rejected.class);
    }

    @Test
    void aSecondArrivalOfTheSameOrderIsRefusedSoNothingIsBookedTwice() {
        assertThat(flow.decide(new CheckingCredit(order(), 1), new OrderEvent.Arrived(order()))).isInstanceOf(Decision.Rejected.class);
        assertThat(flow.decide(invoiced(), new OrderEvent.Arrived(order()))).isInstanceOf(Decision.Rejected.class);
    }

    @Test
    void theErpsAnswersBecomeEvents() {
        UUID id = UUID.randomUUID();
        assertThat(flow.onCommandOutcome(new CheckingCredit(order(), 1), new CommandOutcome.Succeeded(id,
                "read-credit-exposure", "{\"creditAmount\":\"21300.00\",\"openReceivables\":\"19000.00\",\"creditLimit\":\"50000\","
                + "\"currency\":\"EUR\"}"))).contains(new OrderEvent.CreditRead(new OrderEvent.ErpCredit(eur("21300.00"),
                eur("19000.00"), eur("50000.00"))));
        assertThat(flow.onCommandOutcome(new CheckingCredit(order(), 1), new CommandOutcome.Cancelled(id,
                "read-credit-exposure", "op", "ERP gone"))).contains(new OrderEvent.CreditUnavailable("op"));
        assertThat(flow.onCommandOutcome(new CheckingCredit(order(), 1), new CommandOutcome.Succeeded(id, "book-sale",
                "{\"saleRef\":\"SO-7\",\"invoiceRef\":\"INV-7\",\"invoiceNumber\":\"AR-7\",\"invoiceDate\":\"2026-03-02\","
                + "\"dueDate\":\"2026-04-01\"}"))).contains(new OrderEvent.SaleBooked("SO-7", "INV-7", "AR-7",
                LocalDate.of(2026, 3, 2), LocalDate.of(2026, 4, 1), null));
        // Tryton clears the invoice's receivable move line, not the invoice: its answer names the line
        assertThat(flow.onCommandOutcome(new CheckingCredit(order(), 1), new CommandOutcome.Succeeded(id, "book-sale",
                "{\"saleRef\":\"41\",\"saleNumber\":\"12\",\"invoiceRef\":\"77\",\"invoiceNumber\":\"7\","
                + "\"invoiceDate\":\"2026-03-02\",\"dueDate\":\"2026-03-02\",\"receivableRef\":\"1093\"}")))
                .contains(new OrderEvent.SaleBooked("41", "77", "7", LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 2),
                        "1093"));
        assertThat(flow.onCommandOutcome(new CheckingCredit(order(), 1), new CommandOutcome.Succeeded(id, "update-order",
                "{}"))).isEmpty();
    }

    @Test
    void anInvoicedOrderStoredBeforeTheReceivableReferenceExistedReadsWithoutOne() throws Exception {
        // states stored by the earlier code: the sale without receivableRef, read as "clear the invoice"
        OrderState.Sale sale = io.finrelay.engine.json.Json.mapper().readValue("{\"saleRef\":\"SO-7\",\"invoiceRef\":"
                + "\"INV-7\",\"invoiceNumber\":\"AR-7\",\"invoiceDate\":\"2026-03-02\",\"dueDate\":\"2026-04-01\"}",
                OrderState.Sale.class);
        assertThat(sale).isEqualTo(new OrderState.Sale("SO-7", "INV-7", "AR-7", LocalDate.of(2026, 3, 2),
                LocalDate.of(2026, 4, 1), null));
    }
}
