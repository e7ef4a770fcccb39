package io.finrelay.workflows.invoice;

import io.finrelay.model.Money;
import io.finrelay.workflows.invoice.InvoiceReference.Lookup;
import io.finrelay.workflows.invoice.InvoiceReference.Policy;
import io.finrelay.workflows.invoice.InvoiceReference.Supplier;
import io.finrelay.workflows.invoice.InvoiceState.AwaitingApproval;
import io.finrelay.workflows.invoice.InvoiceState.Checked;
import io.finrelay.workflows.invoice.InvoiceState.Review;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** An office-supplies invoice of a German supplier: 12 toner cartridges and paper, 19 % VAT, EUR 1,071.00. */
final class Samples {
    static final String ENTITY = "0e7f4c8a-3b9d-4f21-8a6e-5c2d1b0a9f87";
    static final String VENDOR_ID = "5b3c1e9d-7a2f-4c8b-9e1d-0f6a2b4c8d10";
    static final String IBAN = "DE89370400440532013000";

    private Samples() {}

    static InvoiceFacts invoice() {
        return invoice("INV-2026-0415", LocalDate.of(2026, 3, 2), LocalDate.of(2026, 4, 1), null);
    }

    static InvoiceFacts invoice(String number, LocalDate issued, LocalDate due, InvoiceFacts.Discount discount) {
        return new InvoiceFacts("0193a5c4-2222-7000-8000-000000000415", "INVOICE", number,
                new InvoiceFacts.Seller("Nordlicht Bürobedarf GmbH", "DE811907980", IBAN), "Hanseatic Trading AG",
                Money.of("1071.00", "EUR"), Money.of("171.00", "EUR"), issued, due, discount, "PO-4711",
                List.of(new InvoiceFacts.Line("Toner cartridge TN-2420", new BigDecimal("12"), Money.of("540.00", "EUR")),
                        new InvoiceFacts.Line("Copy paper A4, 80 g (7 boxes, volume price)", new BigDecimal("7"),
                                Money.of("360.00", "EUR"))),
                "a.meier");
    }

    static Supplier supplier() {
        return new Supplier(VENDOR_ID, "42", "Nordlicht Bürobedarf GmbH", "DE 811 907 980", IBAN, ENTITY, true);
    }

    static Policy policy() {
        return new Policy(ENTITY, "6815", "1576", new BigDecimal("8"), new BigDecimal("50000.00"), 30);
    }

    static Lookup lookup() {
        return new Lookup(List.of(supplier()), policy(), List.of());
    }

    static AwaitingApproval awaiting() {
        return new AwaitingApproval(invoice(), new Checked(supplier(), policy(), Review.none()), 1, List.of());
    }

    /** A run's file: two supplier payments from the house account, released by t.berger. */
    static PaymentRun.PaymentFile runFile() {
        return new PaymentRun.PaymentFile("run-7", "PR20260401-0193a5c42222", "hausbank", "Hanseatic Trading AG",
                "DE89370400440532013000", "COBADEFFXXX", "Hanseatic Trading AG", "EUR", LocalDate.of(2026, 4, 1), List.of(
                        new PaymentRun.Line("i-1", "0193a5c4222270008000000000000415-1", "Nordlicht Bürobedarf GmbH",
                                IBAN, Money.of("1049.58", "EUR"), "Invoice INV-2026-0415", "1711"),
                        new PaymentRun.Line("i-2", "0193a5c4222270008000000000000416-1", "De Koksmaat",
                                "NL57RABO0107307510", Money.of("250.33", "EUR"), "Invoice 12115118", null)),
                ENTITY, "t.berger");
    }
}
