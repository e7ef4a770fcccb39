package io.finrelay.workflows.order;

import io.finrelay.model.Money;
import java.time.LocalDate;

/** A realistic order: Hanseatic Maschinenbau orders a spindle retrofit for 18,450.00 EUR. */
final class OrderSamples {
    static final String ORDER_ID = "8015g0000000004";

    private OrderSamples() {}

    static OrderFacts order() {
        return order("18450.00");
    }

    static OrderFacts order(String amount) {
        return new OrderFacts(ORDER_ID, OrderFacts.ORDER, "00000104", "0015g0000000001", "CUST-2040",
                "Hanseatic Maschinenbau AG", eur(amount), LocalDate.of(2026, 3, 2), "j.meyer");
    }

    static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    static OrderEvent.CreditRead credit(String creditAmount, String limit, String inFlight, String threshold) {
        return new OrderEvent.CreditRead(new OrderEvent.ErpCredit(eur(creditAmount), eur(creditAmount),
                limit == null ? null : eur(limit)), new OrderEvent.Local(eur(inFlight), threshold == null ? null : eur(threshold)));
    }
}
