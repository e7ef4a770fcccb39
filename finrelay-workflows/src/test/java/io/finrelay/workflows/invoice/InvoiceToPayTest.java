package io.finrelay.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.json.Json;
import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.model.Money;
import io.finrelay.model.invoice.RuleViolation;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.governance.DutyPolicy;
import io.finrelay.workflows.invoice.InvoiceEvent.ApprovalRefused;
import io.finrelay.workflows.invoice.InvoiceEvent.Approved;
import io.finrelay.workflows.invoice.InvoiceEvent.Arrived;
import io.finrelay.workflows.invoice.InvoiceEvent.HoldReviewed;
import io.finrelay.workflows.invoice.InvoiceEvent.PostingDone;
import io.finrelay.workflows.invoice.InvoiceEvent.Rechecked;
import io.finrelay.workflows.invoice.InvoiceReference.Cash;
import io.finrelay.workflows.invoice.InvoiceReference.Earlier;
import io.finrelay.workflows.invoice.InvoiceReference.Lookup;
import io.finrelay.workflows.invoice.InvoiceReference.Supplier;
import io.finrelay.workflows.invoice.InvoiceState.AwaitingApproval;
import io.finrelay.workflows.invoice.InvoiceState.Held;
import io.finrelay.workflows.invoice.InvoiceState.Hold;
import io.finrelay.workflows.invoice.InvoiceState.Invalid;
import io.finrelay.workflows.invoice.InvoiceState.Posting;
import io.finrelay.workflows.invoice.InvoiceState.Received;
import io.finrelay.workflows.invoice.InvoiceState.Refused;
import io.finrelay.workflows.invoice.InvoiceState.Paying;
import io.finrelay.workflows.invoice.InvoiceState.Scheduled;
import io.finrelay.workflows.invoice.InvoiceEvent.PaymentRunAssigned;
import io.finrelay.workflows.invoice.InvoiceEvent.PaymentStatusReported;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The invoice-to-pay decisions, driven through every path with the figures of a real supplier invoice. */
class InvoiceToPayTest {
    private final InvoiceToPay flow = new InvoiceToPay();
    private static final Actor AP_CLERK = new Actor("a.meier", List.of());
    private static final Actor CONTROLLER = new Actor("c.vogel", List.of());
    private static final Actor CFO = new Actor("k.brandt", List.of());
    private static final DutyPolicy DEFAULTS = DutyPolicy.defaults();

    private static State next(Decision<InvoiceState> decision) {
        if (decision instanceof Decision.Accepted<InvoiceState> accepted) {
            return new State(accepted);
        }
        throw new AssertionError("refused: " + decision);
    }

    private record State(Decision.Accepted<InvoiceState> decision) {
        InvoiceState state() {
            return decision.newState();
        }
    }

    private static String refusal(Decision<InvoiceState> decision) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected<InvoiceState>) decision).reason();
    }

    @Test
    void anInvoiceFromAKnownSupplierPaidToItsAccountOnFileWaitsForApproval() {
        InvoiceState s = next(flow.decide(new Received(), new Arrived(Samples.invoice(), List.of(), Samples.lookup()))).state();
        assertThat(s).isInstanceOfSatisfying(AwaitingApproval.class, w -> {
            assertThat(w.c().supplier().vendorId()).isEqualTo(Samples.VENDOR_ID);
            assertThat(w.approvedBy()).isEmpty();
        });
    }

    @Test
    void anInvoiceWithFindingsEndsInvalidNamingTheRules() {
        RuleViolation off = new RuleViolation("BR-CO-16", "BT-115 Amount due for payment",
                "BT-115 is 1017.50 EUR but BT-112 - BT-113 + BT-114 is 1071.00 EUR");
        InvoiceState s = next(flow.decide(new Received(), new Arrived(Samples.invoice(), List.of(off), Samples.lookup()))).state();
        assertThat(s).isEqualTo(new Invalid(Samples.invoice(), List.of(off)));
        assertThat(s.isTerminal()).isTrue();
    }

    @Test
    void aDueDateBeforeTheIssueDateMakesTheInvoiceInvalid() {
        InvoiceFacts backdated = Samples.invoice("INV-2026-0415", LocalDate.of(2026, 3, 1), LocalDate.of(2026, 2, 1), null);
        InvoiceState s = next(flow.decide(new Received(), new Arrived(backdated, List.of(), Samples.lookup()))).state();
        assertThat(s).isInstanceOfSatisfying(Invalid.class, i ->
                assertThat(i.findings()).extracting(RuleViolation::rule).containsExactly("FR-INV-01"));
    }

    @Test
    void anUnknownSupplierIsHeldAndLandsInTheExceptionQueueUntilTheVendorIsAddedAndRetried() {
        Lookup none = new Lookup(List.of(), Samples.policy(), List.of());
        State held = next(flow.decide(new Received(), new Arrived(Samples.invoice(), List.of(), none)));
        assertThat(held.state()).isInstanceOfSatisfying(Held.class, h -> {
            assertThat(h.hold().code()).isEqualTo(Hold.UNKNOWN_SUPPLIER);
            assertThat(h.hold().reason()).contains("Nordlicht Bürobedarf GmbH", "DE811907980");
        });
        assertThat(held.decision().incidents()).extracting(i -> i.code()).containsExactly(Hold.UNKNOWN_SUPPLIER);

        assertThat(flow.onOperatorRetry(held.state())).contains(new Rechecked(null));
        assertThat(next(flow.decide(held.state(), new Rechecked(Samples.lookup()))).state()).isInstanceOf(AwaitingApproval.class);
    }

    @Test
    void noAccountsPayablePolicyHoldsTheInvoiceAsAnException() {
        Lookup noPolicy = new Lookup(List.of(Samples.supplier()), null, List.of());
        State held = next(flow.decide(new Received(), new Arrived(Samples.invoice(), List.of(), noPolicy)));
        assertThat(((Held) held.state()).hold().code()).isEqualTo(Hold.NO_POLICY);
        assertThat(held.decision().incidents()).hasSize(1);
    }

    @Test
    void theVatIdFindsTheSupplierWhateverNameTheInvoiceUses() {
        InvoiceFacts renamed = Samples.invoice().withSeller(new InvoiceFacts.Seller("Nordlicht GmbH & Co. KG",
                "DE811907980", Samples.IBAN));
        assertThat(InvoiceRules.supplier(renamed, List.of(Samples.supplier())))
                .isEqualTo(new InvoiceRules.SupplierMatch.Found(Samples.supplier()));
    }

    @Test
    void twoActiveVendorsOfThatNameOrOnlyAnInactiveOneAreNoMatch() {
        InvoiceFacts noVat = Samples.invoice().withSeller(new InvoiceFacts.Seller("Nordlicht Bürobedarf GmbH", null,
                Samples.IBAN));
        Supplier twin = new Supplier("6c1b7a52-0f0b-4a55-9d7c-2f4b8f1e0a11", null, "NORDLICHT  Bürobedarf GmbH", null,
                Samples.IBAN, Samples.ENTITY, true);
        Supplier plain = new Supplier(Samples.VENDOR_ID, null, "Nordlicht Bürobedarf GmbH", null, Samples.IBAN,
                Samples.ENTITY, true);
        assertThat(InvoiceRules.supplier(noVat, List.of(plain, twin)))
                .isInstanceOfSatisfying(InvoiceRules.SupplierMatch.NotFound.class, n -> assertThat(n.reason()).contains("2 vendors"));
        Supplier inactive = new Supplier(Samples.VENDOR_ID, null, "Nordlicht Bürobedarf GmbH", null, Samples.IBAN,
                Samples.ENTITY, false);
        assertThat(InvoiceRules.supplier(noVat, List.of(inactive)))
                .isInstanceOfSatisfying(InvoiceRules.SupplierMatch.NotFound.class, n -> assertThat(n.reason()).contains("inactive"));
    }

    @Test
    void bankDetailsThatDifferFromTheVendorMasterHoldTheInvoiceUntilAnotherPersonConfirms() {
        InvoiceFacts changed = Samples.invoice().withSeller(new InvoiceFacts.Seller("Nordlicht Bürobedarf GmbH",
                "DE811907980", "DE02 1203 0000 0000 2020 51"));
        Held held = (Held) next(flow.decide(new Received(), new Arrived(changed, List.of(), Samples.lookup()))).state();
        assertThat(held.hold().code()).isEqualTo(Hold.BANK_DETAILS_DIFFER);
        assertThat(held.hold().reason()).contains("DE02****2051", "DE89****3000", "someone other than a.meier")
                .doesNotContain("DE02120300000000202051");
        assertThat(held.hold().review()).isTrue();

        assertThat(refusal(flow.decide(held, new HoldReviewed(AP_CLERK, true, "called them"))))
                .startsWith(InvoiceToPay.SELF_REVIEW + ": ");
        InvoiceState confirmed = next(flow.decide(held, new HoldReviewed(CONTROLLER, true,
                "confirmed by phone with the supplier's accounts desk", Samples.lookup()))).state();
        assertThat(confirmed).isInstanceOfSatisfying(AwaitingApproval.class, w ->
                assertThat(w.c().review().bankDetailsConfirmedBy()).isEqualTo("c.vogel"));
    }

    @Test
    void bankDetailsTheReviewerDoesNotConfirmRefuseTheInvoice() {
        InvoiceFacts changed = Samples.invoice().withSeller(new InvoiceFacts.Seller("Nordlicht Bürobedarf GmbH",
                "DE811907980", "DE02120300000000202051"));
        Held held = (Held) next(flow.decide(new Received(), new Arrived(changed, List.of(), Samples.lookup()))).state();
        InvoiceState refused = next(flow.decide(held, new HoldReviewed(CONTROLLER, false, "supplier never changed banks",
                Samples.lookup()))).state();
        assertThat(refused).isEqualTo(new Refused(changed, "c.vogel", "bank-details-differ: supplier never changed banks"));
        assertThat(refused.isTerminal()).isTrue();
    }

    @Test
    void aNearIdenticalNumberOfTheSameSellerAmountAndDateIsHeldAsAPossibleDuplicate() {
        Earlier earlier = new Earlier("0193a5c4-1111-7000-8000-000000000001", "INV-2026-0415", LocalDate.of(2026, 3, 2),
                Money.of("1071.00", "EUR"));
        InvoiceFacts copy = Samples.invoice("INV 2026 O415", LocalDate.of(2026, 3, 2), LocalDate.of(2026, 4, 1), null);
        Lookup lookup = new Lookup(List.of(Samples.supplier()), Samples.policy(), List.of(earlier));
        Held held = (Held) next(flow.decide(new Received(), new Arrived(copy, List.of(), lookup))).state();
        assertThat(held.hold().code()).isEqualTo(Hold.POSSIBLE_DUPLICATE);
        assertThat(held.hold().reason()).contains("INV-2026-0415", earlier.invoiceId());

        InvoiceState genuine = next(flow.decide(held, new HoldReviewed(CONTROLLER, true, "a second delivery", lookup))).state();
        assertThat(genuine).isInstanceOf(AwaitingApproval.class);
        InvoiceState duplicate = next(flow.decide(held, new HoldReviewed(CONTROLLER, false, "same delivery", lookup))).state();
        assertThat(duplicate).isInstanceOf(Refused.class);
    }

    @Test
    void anotherNumberOfTheSameAmountAndDateIsNoDuplicate() {
        Earlier earlier = new Earlier("0193a5c4-1111-7000-8000-000000000001", "INV-2026-0388", LocalDate.of(2026, 3, 2),
                Money.of("1071.00", "EUR"));
        Lookup lookup = new Lookup(List.of(Samples.supplier()), Samples.policy(), List.of(earlier));
        assertThat(next(flow.decide(new Received(), new Arrived(Samples.invoice(), List.of(), lookup))).state())
                .isInstanceOf(AwaitingApproval.class);
        assertThat(InvoiceRules.nearlyEqual("INV20260415", "INV20260451")).isTrue();
        assertThat(InvoiceRules.nearlyEqual("INV20260415", "INV2026415")).isTrue();
        assertThat(InvoiceRules.nearlyEqual("INV20260415", "INV20260388")).isFalse();
    }

    private static final InvoiceReference.Policy MATCHING = new InvoiceReference.Policy(Samples.ENTITY, "6815", "1576",
            new BigDecimal("8"), new BigDecimal("50000.00"), 30, true, new BigDecimal("2"));

    private static InvoiceReference.PurchaseOrder order(String price, String received) {
        return new InvoiceReference.PurchaseOrder("PO-4711", "42", "EUR", List.of(
                new InvoiceReference.PoLine("Toner cartridge TN-2420", new BigDecimal("12"), new BigDecimal(price),
                        new BigDecimal(received)),
                new InvoiceReference.PoLine("Copy paper A4, 80 g", new BigDecimal("7"), new BigDecimal("51.43"),
                        new BigDecimal("7"))));
    }

    @Test
    void anInvoiceNamingAPurchaseOrderIsMatchedAgainstItBeforeApproval() {
        Lookup matching = new Lookup(List.of(Samples.supplier()), MATCHING, List.of());
        State reading = next(flow.decide(new Received(), new Arrived(Samples.invoice(), List.of(), matching)));
        assertThat(reading.state()).isInstanceOf(InvoiceState.Matching.class);
        assertThat(reading.decision().commands()).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(InvoiceCommands.FETCH_PURCHASE_ORDER.type());
            assertThat(c.payload()).isEqualTo(new InvoiceCommands.PoQuery(Samples.invoice().invoiceId(), "PO-4711", "42"));
        });
        // ordered 12 x 45.00 + 7 x 51.43 = 900.01; invoiced 900.00; all received: a match
        assertThat(next(flow.decide(reading.state(), new InvoiceEvent.PurchaseOrderRead(order("45.00", "12")))).state())
                .isInstanceOf(AwaitingApproval.class);
    }

    @Test
    void aPriceAboveTheToleranceOrAQuantityNotYetReceivedHoldsTheInvoiceWithBothFigures() {
        Lookup matching = new Lookup(List.of(Samples.supplier()), MATCHING, List.of());
        InvoiceState reading = next(flow.decide(new Received(), new Arrived(Samples.invoice(), List.of(), matching))).state();
        Held price = (Held) next(flow.decide(reading, new InvoiceEvent.PurchaseOrderRead(order("42.00", "12")))).state();
        // ordered 12 x 42.00 + 360.01 = 864.01; invoiced 900.00: 35.99 (4.17 %) over a 2 % tolerance
        assertThat(price.hold().code()).isEqualTo(Hold.PRICE_VARIANCE);
        assertThat(price.hold().reason()).contains("nets 900.00 EUR", "of 864.01", "35.99 (4.17 %) over", "tolerance is 2 %");
        Held quantity = (Held) next(flow.decide(reading, new InvoiceEvent.PurchaseOrderRead(order("45.00", "8")))).state();
        assertThat(quantity.hold().reason()).contains("bills 19 units", "ordered 19 and 15 have been received");
        Held none = (Held) next(flow.decide(reading, new InvoiceEvent.PurchaseOrderRead(null))).state();
        assertThat(none.hold().code()).isEqualTo(Hold.PO_NOT_FOUND);

        InvoiceState accepted = next(flow.decide(price, new HoldReviewed(CONTROLLER, true, "price increase agreed by purchasing",
                matching))).state();
        assertThat(accepted).as("an accepted variance is not matched again").isInstanceOfSatisfying(AwaitingApproval.class,
                w -> assertThat(w.c().review().varianceAcceptedBy()).isEqualTo("c.vogel"));
    }

    @Test
    void thePersonWhoTookTheInvoiceInMayNotApproveIt() {
        AwaitingApproval waiting = Samples.awaiting();
        assertThat(refusal(flow.decide(waiting, new Approved(AP_CLERK, DEFAULTS)))).startsWith(DutyPolicy.SELF_APPROVAL + ": ");
    }

    @Test
    void oneApprovalPostsTheInvoiceWithItsNetLinesAndVatOnThePolicysAccounts() {
        State posting = next(flow.decide(Samples.awaiting(), new Approved(CONTROLLER, DEFAULTS)));
        assertThat(posting.state()).isInstanceOf(Posting.class);
        assertThat(posting.decision().commands()).hasSize(1);
        var command = posting.decision().commands().getFirst();
        assertThat(command.connector()).isEqualTo(InvoiceCommands.ERP);
        assertThat(command.type()).isEqualTo(InvoiceCommands.POST_INVOICE.type());
        InvoiceCommands.PostInvoice post = (InvoiceCommands.PostInvoice) command.payload();
        assertThat(post.vendorRef()).isEqualTo("42");
        assertThat(post.total()).isEqualTo(Money.of("1071.00", "EUR"));
        assertThat(post.lines()).containsExactly(
                new InvoiceCommands.Line("Toner cartridge TN-2420", new BigDecimal("12"), Money.of("45.00", "EUR"), "6815"),
                new InvoiceCommands.Line("Copy paper A4, 80 g (7 boxes, volume price)", BigDecimal.ONE, Money.of("360.00", "EUR"), "6815"),
                new InvoiceCommands.Line("VAT", BigDecimal.ONE, Money.of("171.00", "EUR"), "1576"));
    }

    @Test
    void aReturnedItemIsPostedAsANegativeLineNotAsAPurchase() {
        InvoiceFacts withReturn = new InvoiceFacts("0193a5c4-2222-7000-8000-000000000416", "INVOICE", "12115118",
                new InvoiceFacts.Seller("De Koksmaat", "NL8200.98.395.B.01", null), "ODIN 59", Money.of("-1.00", "EUR"),
                Money.of("-0.41", "EUR"), LocalDate.of(2015, 1, 9), null, null, null,
                List.of(new InvoiceFacts.Line("EM FRITUURVET", new BigDecimal("6"), Money.of("102.12", "EUR")),
                        new InvoiceFacts.Line("FRITUUR VET 10 KG RETOUR", new BigDecimal("6"), Money.of("-109.98", "EUR"))),
                "a.meier");
        assertThat(InvoiceRules.postingLines(withReturn, Samples.policy())).containsExactly(
                new InvoiceCommands.Line("EM FRITUURVET", new BigDecimal("6"), Money.of("17.02", "EUR"), "6815"),
                new InvoiceCommands.Line("FRITUUR VET 10 KG RETOUR", new BigDecimal("6"), Money.of("-18.33", "EUR"), "6815"),
                new InvoiceCommands.Line("VAT", BigDecimal.ONE, Money.of("-0.41", "EUR"), "1576"));
    }

    @Test
    void aboveTheFourEyesThresholdTwoDifferentApproversAreNeeded() {
        DutyPolicy fourEyes = new DutyPolicy(List.of(Money.of("1000.00", "EUR")), Duration.ofDays(7), true, true);
        State first = next(flow.decide(Samples.awaiting(), new Approved(CONTROLLER, fourEyes)));
        assertThat(first.state()).isInstanceOfSatisfying(AwaitingApproval.class, w -> {
            assertThat(w.required()).isEqualTo(2);
            assertThat(w.approvedBy()).containsExactly("c.vogel");
        });
        assertThat(first.decision().commands()).isEmpty();
        assertThat(refusal(flow.decide(first.state(), new Approved(CONTROLLER, fourEyes)))).startsWith(DutyPolicy.FOUR_EYES + ": ");
        State second = next(flow.decide(first.state(), new Approved(CFO, fourEyes)));
        assertThat(second.state()).isInstanceOfSatisfying(Posting.class, p ->
                assertThat(p.approvedBy()).containsExactly("c.vogel", "k.brandt"));
        assertThat(second.decision().commands()).hasSize(1);
    }

    @Test
    void anApproverWhoRefusesEndsTheInvoice() {
        InvoiceState refused = next(flow.decide(Samples.awaiting(), new ApprovalRefused(CONTROLLER, "not ordered"))).state();
        assertThat(refused).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo("approval refused: not ordered"));
    }

    @Test
    void theErpsAnswerBecomesThePostingAndThePlanIsMadeWithTodaysCash() {
        Posting posting = (Posting) next(flow.decide(Samples.awaiting(), new Approved(CONTROLLER, DEFAULTS))).state();
        assertThat(flow.onCommandOutcome(posting, new CommandOutcome.Succeeded(UUID.randomUUID(),
                InvoiceCommands.POST_INVOICE.type(), "{\"erpRef\":\"17\",\"number\":\"SI-2026-0031\"}")))
                .contains(new PostingDone("17", "SI-2026-0031", null));
        InvoiceState scheduled = next(flow.decide(posting, new PostingDone("17", "SI-2026-0031", "1711",
                new Cash(Money.of("250000.00", "EUR"), LocalDate.of(2026, 3, 4)), LocalDate.of(2026, 3, 5)))).state();
        assertThat(scheduled).isInstanceOfSatisfying(Scheduled.class, s -> {
            assertThat(s.erpRef()).isEqualTo("17");
            assertThat(s.plan().payOn()).isEqualTo(LocalDate.of(2026, 4, 1));
            assertThat(s.plan().discountTaken()).isFalse();
        });
        assertThat(refusal(flow.decide(posting, new PostingDone(null, null, null, null, LocalDate.of(2026, 3, 5)))))
                .contains("names no invoice reference");
    }

    private static Scheduled scheduled(InvoiceFacts f, InvoiceState.Checked c) {
        return new Scheduled(f, c, List.of("c.vogel"), "17", "SI-2026-0031", "1711", InvoiceRules.schedule(f, c.policy(), null,
                LocalDate.of(2026, 3, 5)), 0);
    }

    @Test
    void aPaymentRunPaysTheInvoiceToTheVendorMastersAccountUnderAnEndToEndIdNamingTheInvoice() {
        Scheduled s = scheduled(Samples.invoice(), Samples.awaiting().c());
        Paying paying = (Paying) next(flow.decide(s, new PaymentRunAssigned("run-7", LocalDate.of(2026, 4, 1)))).state();
        assertThat(paying.payment().iban()).isEqualTo(Samples.IBAN);
        assertThat(paying.payment().amount()).isEqualTo(Money.of("1071.00", "EUR"));
        assertThat(paying.payment().endToEndId()).isEqualTo("0193a5c4222270008000000000000415-1").hasSizeLessThanOrEqualTo(35);
        assertThat(InvoiceRules.invoiceOf(paying.payment().endToEndId())).contains(Samples.invoice().invoiceId());
        assertThat(paying.s().attempts()).isEqualTo(1);
        assertThat(refusal(flow.decide(s, new PaymentRunAssigned("run-6", LocalDate.of(2026, 3, 31)))))
                .contains("to be paid on 2026-04-01");
    }

    @Test
    void confirmedBankDetailsOfTheInvoiceAreTheOnesPaid() {
        InvoiceFacts changed = Samples.invoice().withSeller(new InvoiceFacts.Seller("Nordlicht Bürobedarf GmbH",
                "DE811907980", "DE02 1203 0000 0000 2020 51"));
        InvoiceState.Checked confirmed = new InvoiceState.Checked(Samples.supplier(), Samples.policy(),
                new InvoiceState.Review("c.vogel", null, null));
        Paying paying = (Paying) next(flow.decide(scheduled(changed, confirmed),
                new PaymentRunAssigned("run-7", LocalDate.of(2026, 4, 1)))).state();
        assertThat(paying.payment().iban()).isEqualTo("DE02120300000000202051");
    }

    @Test
    void theBanksSettlementPaysTheInvoiceAndARejectionWaitsForAnOperatorWhoseRetryPaysItAgainUnderANewId() {
        Paying paying = (Paying) next(flow.decide(scheduled(Samples.invoice(), Samples.awaiting().c()),
                new PaymentRunAssigned("run-7", LocalDate.of(2026, 4, 1)))).state();
        String e2e = paying.payment().endToEndId();
        java.time.Instant at = java.time.Instant.parse("2026-04-01T15:00:00Z");
        assertThat(next(flow.decide(paying, new PaymentStatusReported(e2e, io.finrelay.model.bank.PaymentStatus.ACCEPTED,
                null, "B-1", at))).state()).isEqualTo(paying);
        assertThat(next(flow.decide(paying, new PaymentStatusReported(e2e, io.finrelay.model.bank.PaymentStatus.SETTLED,
                null, "B-1", at))).state()).isInstanceOfSatisfying(InvoiceState.Paid.class, p -> {
                    assertThat(p.bankRef()).isEqualTo("B-1");
                    assertThat(p.isTerminal()).isTrue();
                });
        assertThat(refusal(flow.decide(paying, new PaymentStatusReported("0193a5c4222270008000000000000415-9",
                io.finrelay.model.bank.PaymentStatus.SETTLED, null, "B-1", at)))).contains("the current payment is " + e2e);

        State rejected = next(flow.decide(paying, new PaymentStatusReported(e2e, io.finrelay.model.bank.PaymentStatus.REJECTED,
                "AC04", "B-1", at)));
        assertThat(rejected.state()).isInstanceOf(InvoiceState.PaymentRejected.class);
        assertThat(rejected.decision().incidents()).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("payment-rejected");
            assertThat(i.reason()).contains("AC04", "INV-2026-0415");
        });
        assertThat(flow.onOperatorRetry(rejected.state())).contains(new InvoiceEvent.PaymentRetried());
        Scheduled again = (Scheduled) next(flow.decide(rejected.state(), new InvoiceEvent.PaymentRetried())).state();
        Paying second = (Paying) next(flow.decide(again, new PaymentRunAssigned("run-8", LocalDate.of(2026, 4, 8)))).state();
        assertThat(second.payment().endToEndId()).isEqualTo("0193a5c4222270008000000000000415-2");
    }

    @Test
    void theSettledPaymentSendsTheSupplierOneRemittanceAdviceAndARepeatedSettlementSendsNoSecond() {
        Paying paying = (Paying) next(flow.decide(scheduled(Samples.invoice(), Samples.awaiting().c()),
                new PaymentRunAssigned("run-7", LocalDate.of(2026, 4, 1)))).state();
        String e2e = paying.payment().endToEndId();
        java.time.Instant at = java.time.Instant.parse("2026-04-01T15:00:00Z");
        State paid = next(flow.decide(paying, new PaymentStatusReported(e2e, io.finrelay.model.bank.PaymentStatus.SETTLED,
                null, "B-1", at)));
        assertThat(paid.decision().commands()).singleElement().satisfies(c -> {
            assertThat(c.connector()).isEqualTo(InvoiceCommands.SUPPLIER);
            assertThat(c.type()).isEqualTo(InvoiceCommands.SEND_REMITTANCE.type());
            InvoiceCommands.RemittanceAdvice advice = (InvoiceCommands.RemittanceAdvice) c.payload();
            assertThat(advice.invoiceNumber()).isEqualTo("INV-2026-0415");
            assertThat(advice.vendorRef()).isEqualTo("42");
            assertThat(advice.paid()).isEqualTo(Money.of("1071.00", "EUR"));
            assertThat(advice.endToEndId()).isEqualTo(e2e);
            assertThat(advice.bankRef()).isEqualTo("B-1");
            assertThat(advice.executionDate()).isEqualTo(LocalDate.of(2026, 4, 1));
        });
        assertThat(refusal(flow.decide(paid.state(), new PaymentStatusReported(e2e,
                io.finrelay.model.bank.PaymentStatus.SETTLED, null, "B-1", at)))).contains("does not apply");
    }

    @Test
    void aCreditNoteOfTheSupplierIsNettedAgainstItsInvoiceAndStaysNettedWhenThePaymentIsRejected() {
        InvoiceFacts creditFacts = new InvoiceFacts("0193a5c4-2222-7000-8000-000000000417", "CREDIT_NOTE", "GS-2026-0007",
                Samples.invoice().seller(), "Hanseatic Trading AG", Money.of("119.00", "EUR"), Money.of("19.00", "EUR"),
                LocalDate.of(2026, 3, 2), null, null, null, List.of(), "a.meier");
        Scheduled credit = scheduled(creditFacts, Samples.awaiting().c());
        InvoiceState netted = next(flow.decide(credit, new InvoiceEvent.CreditApplied("run-7",
                Samples.invoice().invoiceId(), "INV-2026-0415"))).state();
        assertThat(netted).isInstanceOfSatisfying(InvoiceState.Netted.class, n -> assertThat(n.isTerminal()).isTrue());
        assertThat(refusal(flow.decide(scheduled(Samples.invoice(), Samples.awaiting().c()), new InvoiceEvent.CreditApplied(
                "run-7", "x", "y")))).contains("no credit note");

        InvoiceEvent.Credit off = new InvoiceEvent.Credit(creditFacts.invoiceId(), "GS-2026-0007", Money.of("119.00", "EUR"));
        Paying paying = (Paying) next(flow.decide(scheduled(Samples.invoice(), Samples.awaiting().c()),
                new PaymentRunAssigned("run-7", LocalDate.of(2026, 4, 1), List.of(off)))).state();
        assertThat(paying.payment().amount()).isEqualTo(Money.of("952.00", "EUR"));
        assertThat(paying.payment().remittance()).isEqualTo("Invoice INV-2026-0415 less credit note GS-2026-0007");
        assertThat(paying.payment().creditNotes()).containsExactly(creditFacts.invoiceId());

        InvoiceState rejected = next(flow.decide(paying, new PaymentStatusReported(paying.payment().endToEndId(),
                io.finrelay.model.bank.PaymentStatus.REJECTED, "AC04", "B-1", java.time.Instant.parse("2026-04-01T15:00:00Z")))).state();
        Scheduled again = (Scheduled) next(flow.decide(rejected, new InvoiceEvent.PaymentRetried())).state();
        assertThat(again.plan().amount()).as("the credit note stays netted").isEqualTo(Money.of("952.00", "EUR"));

        InvoiceEvent.Credit tooMuch = new InvoiceEvent.Credit("c", "GS-9", Money.of("1071.00", "EUR"));
        assertThat(refusal(flow.decide(scheduled(Samples.invoice(), Samples.awaiting().c()), new PaymentRunAssigned("run-7",
                LocalDate.of(2026, 4, 1), List.of(tooMuch))))).contains("nothing is left to pay");
    }

    @Test
    void aPaymentTheBankBooksBackAfterTheInvoiceWasPaidMakesItUnpaidForAnOperator() {
        Paying paying = (Paying) next(flow.decide(scheduled(Samples.invoice(), Samples.awaiting().c()),
                new PaymentRunAssigned("run-7", LocalDate.of(2026, 4, 1)))).state();
        String e2e = paying.payment().endToEndId();
        java.time.Instant at = java.time.Instant.parse("2026-04-03T09:00:00Z");
        InvoiceState paid = next(flow.decide(paying, new PaymentStatusReported(e2e, io.finrelay.model.bank.PaymentStatus.SETTLED,
                null, "B-1", at))).state();
        InvoiceEvent.PaymentReturned back = new InvoiceEvent.PaymentReturned(e2e, "AC04", "RTN-7", at);
        assertThat(flow.takesAfterEnd(back)).isTrue();
        State returned = next(flow.decide(paid, back));
        assertThat(returned.state()).isInstanceOfSatisfying(InvoiceState.PaymentRejected.class,
                r -> assertThat(r.reasonCode()).isEqualTo("AC04"));
        assertThat(returned.decision().incidents()).singleElement().satisfies(i -> assertThat(i.code()).isEqualTo("payment-returned"));
        assertThat(refusal(flow.decide(paid, new InvoiceEvent.PaymentReturned("0193a5c4222270008000000000000415-9", "AC04",
                "RTN-8", at)))).contains("but the invoice's payment is " + e2e);
    }

    @Test
    void aCreditNoteIsNotPaidOut() {
        InvoiceFacts credit = new InvoiceFacts("0193a5c4-2222-7000-8000-000000000417", "CREDIT_NOTE", "CN-2026-0007",
                Samples.invoice().seller(), "Hanseatic Trading AG", Money.of("119.00", "EUR"), Money.of("19.00", "EUR"),
                LocalDate.of(2026, 3, 2), null, null, null, List.of(), "a.meier");
        assertThat(refusal(flow.decide(scheduled(credit, Samples.awaiting().c()),
                new PaymentRunAssigned("run-7", LocalDate.of(2026, 4, 1))))).contains("not paid out");
    }

    @Test
    void statesWithMoneySurviveTheEnginesJson() {
        Posting posting = (Posting) next(flow.decide(Samples.awaiting(), new Approved(CONTROLLER, DEFAULTS))).state();
        assertThat(Json.read(Json.write(posting), Posting.class)).isEqualTo(posting);
    }
}
