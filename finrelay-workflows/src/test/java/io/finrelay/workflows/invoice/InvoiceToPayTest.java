package io.finrelay.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.workflow.Decision;
import io.finrelay.model.invoice.RuleViolation;
import io.finrelay.workflows.invoice.InvoiceToPay.Arrived;
import io.finrelay.workflows.invoice.InvoiceToPay.InvoiceFacts;
import io.finrelay.workflows.invoice.InvoiceToPay.Invalid;
import io.finrelay.workflows.invoice.InvoiceToPay.Received;
import io.finrelay.workflows.invoice.InvoiceToPay.State;
import io.finrelay.workflows.invoice.InvoiceToPay.Validated;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvoiceToPayTest {
    private final InvoiceToPay flow = new InvoiceToPay();
    private static final InvoiceFacts KOKSMAAT = new InvoiceFacts("01a24484-ddf6-70ce-b6df-1287e496f92c",
            "NL8200.98.395.B.01", "12115118", "INVOICE", new BigDecimal("250.33"), "EUR",
            LocalDate.of(2015, 1, 9), LocalDate.of(2015, 2, 8));

    private static State next(Decision<State> decision) {
        if (decision instanceof Decision.Accepted<State> accepted) {
            return accepted.newState();
        }
        throw new AssertionError("refused: " + decision);
    }

    @Test
    void anInvoiceWithoutFindingsIsValidated() {
        assertThat(next(flow.decide(flow.initialState(), new Arrived(KOKSMAAT, List.of()))))
                .isEqualTo(new Validated(KOKSMAAT));
    }

    @Test
    void anInvoiceWithFindingsEndsInvalidNamingTheRules() {
        RuleViolation off = new RuleViolation("BR-CO-16", "BT-115 Amount due for payment",
                "BT-115 is 260.33 EUR but BT-112 - BT-113 + BT-114 is 250.33 EUR");
        State next = next(flow.decide(new Received(), new Arrived(KOKSMAAT, List.of(off))));
        assertThat(next).isEqualTo(new Invalid(KOKSMAAT, List.of(off)));
        assertThat(next.isTerminal()).isTrue();
    }

    @Test
    void aDueDateBeforeTheIssueDateMakesTheInvoiceInvalid() {
        InvoiceFacts backdated = new InvoiceFacts("id-2", "NL8200.98.395.B.01", "12115119", "INVOICE",
                new BigDecimal("99.00"), "EUR", LocalDate.of(2015, 3, 1), LocalDate.of(2015, 2, 1));
        State next = next(flow.decide(new Received(), new Arrived(backdated, List.of())));
        assertThat(next).isInstanceOfSatisfying(Invalid.class, i ->
                assertThat(i.findings()).extracting(RuleViolation::rule).containsExactly("FR-INV-01"));
    }

    @Test
    void theSameInvoiceArrivingAgainIsRefusedOnceValidated() {
        Decision<State> again = flow.decide(new Validated(KOKSMAAT), new Arrived(KOKSMAAT, List.of()));
        assertThat(again).isInstanceOf(Decision.Rejected.class);
    }
}
