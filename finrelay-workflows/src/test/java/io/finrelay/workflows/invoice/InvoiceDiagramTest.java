package io.finrelay.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.model.Money;
import io.finrelay.model.bank.PaymentStatus;
import io.finrelay.workflows.invoice.InvoiceEvent.PaymentRetried;
import io.finrelay.workflows.invoice.InvoiceEvent.PaymentRunAssigned;
import io.finrelay.workflows.invoice.InvoiceEvent.PaymentStatusReported;
import io.finrelay.workflows.invoice.InvoiceState.Paid;
import io.finrelay.workflows.invoice.InvoiceState.Paying;
import io.finrelay.workflows.invoice.InvoiceState.Payment;
import io.finrelay.workflows.invoice.InvoiceState.PaymentRejected;
import io.finrelay.workflows.Mermaid;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.governance.DutyPolicy;
import io.finrelay.workflows.invoice.InvoiceEvent.ApprovalRefused;
import io.finrelay.workflows.invoice.InvoiceEvent.Approved;
import io.finrelay.workflows.invoice.InvoiceEvent.Arrived;
import io.finrelay.workflows.invoice.InvoiceEvent.HoldReviewed;
import io.finrelay.workflows.invoice.InvoiceEvent.PostingCancelled;
import io.finrelay.workflows.invoice.InvoiceEvent.PostingDone;
import io.finrelay.workflows.invoice.InvoiceEvent.Rechecked;
import io.finrelay.workflows.invoice.InvoiceReference.Lookup;
import io.finrelay.workflows.invoice.InvoiceState.AwaitingApproval;
import io.finrelay.workflows.invoice.InvoiceState.Cancelled;
import io.finrelay.workflows.invoice.InvoiceState.Checked;
import io.finrelay.workflows.invoice.InvoiceState.Held;
import io.finrelay.workflows.invoice.InvoiceState.Hold;
import io.finrelay.workflows.invoice.InvoiceState.Invalid;
import io.finrelay.workflows.invoice.InvoiceState.PaymentPlan;
import io.finrelay.workflows.invoice.InvoiceState.Posting;
import io.finrelay.workflows.invoice.InvoiceState.Received;
import io.finrelay.workflows.invoice.InvoiceState.Refused;
import io.finrelay.workflows.invoice.InvoiceState.Review;
import io.finrelay.workflows.invoice.InvoiceState.Scheduled;
import io.finrelay.model.invoice.RuleViolation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The invoice-to-pay diagram in the docs, rendered from {@code InvoiceToPay.decide}; a stale file fails the build. */
class InvoiceDiagramTest {
    private static final Path DOC = Path.of("docs", "invoice-to-pay.md");

    static Map<String, InvoiceEvent> events() {
        Lookup ok = Samples.lookup();
        Lookup unknown = new Lookup(List.of(), Samples.policy(), List.of());
        InvoiceFacts changedBank = Samples.invoice().withSeller(new InvoiceFacts.Seller("Nordlicht Bürobedarf GmbH",
                "DE811907980", "DE02120300000000202051"));
        Actor controller = new Actor("c.vogel", List.of());
        DutyPolicy fourEyes = new DutyPolicy(List.of(Money.of("1000.00", "EUR")), Duration.ofDays(7), true, true);
        Map<String, InvoiceEvent> events = new LinkedHashMap<>();
        events.put("Arrived [checks pass]", new Arrived(Samples.invoice(), List.of(), ok));
        events.put("Arrived [findings]", new Arrived(Samples.invoice(), List.of(new RuleViolation("BR-CO-16",
                "BT-115 Amount due for payment", "BT-115 is 1017.50 EUR but BT-112 - BT-113 + BT-114 is 1071.00 EUR")), ok));
        events.put("Arrived [unknown supplier]", new Arrived(Samples.invoice(), List.of(), unknown));
        events.put("Arrived [bank details differ]", new Arrived(changedBank, List.of(), ok));
        events.put("Rechecked [checks pass]", new Rechecked(ok));
        events.put("Rechecked [still unknown]", new Rechecked(unknown));
        events.put("HoldReviewed [release]", new HoldReviewed(controller, true, "", ok));
        events.put("HoldReviewed [refuse]", new HoldReviewed(controller, false, "", ok));
        events.put("Approved [last approval]", new Approved(controller, DutyPolicy.defaults()));
        events.put("Approved [first of two]", new Approved(controller, fourEyes));
        events.put("ApprovalRefused", new ApprovalRefused(controller, "not ordered"));
        events.put("PostingDone", new PostingDone("17", "SI-2026-0031", "1711", null, LocalDate.of(2026, 3, 5)));
        events.put("PostingCancelled", new PostingCancelled("operator"));
        events.put("PaymentRunAssigned", new PaymentRunAssigned("run-1", LocalDate.of(2026, 4, 1)));
        events.put("PaymentStatusReported [ACSC]", status(PaymentStatus.SETTLED));
        events.put("PaymentStatusReported [ACCP]", status(PaymentStatus.ACCEPTED));
        events.put("PaymentStatusReported [RJCT]", status(PaymentStatus.REJECTED));
        events.put("PaymentRetried", new PaymentRetried());
        events.put("PaymentReturned [AC04]", new InvoiceEvent.PaymentReturned(PAYMENT.endToEndId(), "AC04", "RTN-1",
                java.time.Instant.parse("2026-04-03T10:00:00Z")));
        events.put("CreditApplied", new InvoiceEvent.CreditApplied("run-1", "inv-1", "INV-1"));
        events.put("PurchaseOrderRead [matches]", new InvoiceEvent.PurchaseOrderRead(new InvoiceReference.PurchaseOrder(
                "PO-4711", "42", "EUR", List.of(new InvoiceReference.PoLine("all", new BigDecimal("19"), new BigDecimal("50"),
                new BigDecimal("19"))))));
        events.put("PurchaseOrderRead [variance]", new InvoiceEvent.PurchaseOrderRead(null));
        InvoiceReference.Policy matching = new InvoiceReference.Policy(Samples.ENTITY, "6815", "1576", new BigDecimal("8"),
                new BigDecimal("50000.00"), 30, true, new BigDecimal("2"));
        events.put("Arrived [names a purchase order]", new Arrived(Samples.invoice(), List.of(),
                new Lookup(List.of(Samples.supplier()), matching, List.of())));
        return events;
    }

    private static PaymentStatusReported status(PaymentStatus status) {
        return new PaymentStatusReported(PAYMENT.endToEndId(), status, status == PaymentStatus.REJECTED ? "AC04" : null,
                "BNK-1", java.time.Instant.parse("2026-04-01T10:00:00Z"));
    }

    private static final Payment PAYMENT = new Payment("run-1", InvoiceRules.endToEndId(Samples.invoice().invoiceId(), 1),
            "Nordlicht Bürobedarf GmbH", Samples.IBAN, Samples.invoice().payable(), LocalDate.of(2026, 4, 1), "Invoice INV-2026-0415",
            List.of());

    static List<InvoiceState> states() {
        InvoiceFacts f = Samples.invoice();
        Checked c = new Checked(Samples.supplier(), Samples.policy(), Review.none());
        Scheduled scheduled = new Scheduled(f, c, List.of("c.vogel"), "17", "SI-2026-0031", "1711",
                new PaymentPlan(LocalDate.of(2026, 4, 1), f.payable(), false, null, "due"), 0);
        InvoiceFacts creditNote = new InvoiceFacts("0193a5c4-2222-7000-8000-000000000417", "CREDIT_NOTE", "GS-2026-0007",
                f.seller(), f.buyerName(), Money.of("119.00", "EUR"), Money.of("19.00", "EUR"), f.issueDate(), null, null,
                null, List.of(), f.receivedBy());
        Scheduled credit = new Scheduled(creditNote, c, List.of("c.vogel"), "18", "SI-2026-0032", null,
                new PaymentPlan(LocalDate.of(2026, 4, 1), creditNote.payable(), false, null, "credit"), 0);
        return List.of(new Received(), new Invalid(f, List.of()),
                new Held(f, Samples.lookup(), Review.none(), new Hold(Hold.UNKNOWN_SUPPLIER, "unknown")),
                new AwaitingApproval(f, c, 1, List.of()),
                new InvoiceState.Matching(f, Samples.lookup(), c),
                new Posting(f, c, List.of("c.vogel")), scheduled, new Paying(scheduled, PAYMENT),
                new PaymentRejected(scheduled, PAYMENT, "AC04"), new Paid(scheduled, PAYMENT, "BNK-1"), credit,
                new InvoiceState.Netted(credit, "run-1", "inv-1", "INV-1"),
                new Refused(f, "c.vogel", "approval refused"), new Cancelled(f, "operator"));
    }

    @Test
    void theDiagramShowsEveryStateAndTheCheckedInDocIsCurrent() throws IOException {
        String mermaid = Mermaid.render(new InvoiceToPay(), states(), events(), List.of("Paid", "Netted", "Invalid", "Refused", "Cancelled"));
        for (Class<?> state : InvoiceState.class.getPermittedSubclasses()) {
            assertThat(mermaid).as("state " + state.getSimpleName()).contains(state.getSimpleName());
        }
        String[] doc = Mermaid.checkedInAndExpected(DOC, "Invoice to pay: the state machine", "InvoiceToPay.decide",
                "InvoiceDiagramTest", mermaid);
        assertThat(doc[0]).as(DOC + " is stale: rewrite it with bin/finrelay mvn test -pl finrelay-workflows "
                + "-Dtest=InvoiceDiagramTest -D" + Mermaid.UPDATE + "=true").isEqualTo(doc[1]);
    }
}
