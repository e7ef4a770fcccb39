package io.finrelay.workflows.invoice;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.Incident;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.model.invoice.RuleViolation;
import io.finrelay.workflows.governance.Refusal;
import io.finrelay.workflows.invoice.InvoiceEvent.ApprovalRefused;
import io.finrelay.workflows.invoice.InvoiceEvent.Approved;
import io.finrelay.workflows.invoice.InvoiceEvent.Arrived;
import io.finrelay.workflows.invoice.InvoiceEvent.CreditApplied;
import io.finrelay.workflows.invoice.InvoiceEvent.HoldReviewed;
import io.finrelay.workflows.invoice.InvoiceEvent.PaymentRetried;
import io.finrelay.workflows.invoice.InvoiceEvent.PaymentRunAssigned;
import io.finrelay.workflows.invoice.InvoiceEvent.PaymentStatusReported;
import io.finrelay.workflows.invoice.InvoiceEvent.PostingCancelled;
import io.finrelay.workflows.invoice.InvoiceEvent.PostingDone;
import io.finrelay.workflows.invoice.InvoiceEvent.Rechecked;
import io.finrelay.workflows.invoice.InvoiceReference.Earlier;
import io.finrelay.workflows.invoice.InvoiceReference.Lookup;
import io.finrelay.workflows.invoice.InvoiceReference.Supplier;
import io.finrelay.workflows.invoice.InvoiceState.AwaitingApproval;
import io.finrelay.workflows.invoice.InvoiceState.Cancelled;
import io.finrelay.workflows.invoice.InvoiceState.Checked;
import io.finrelay.workflows.invoice.InvoiceState.Held;
import io.finrelay.workflows.invoice.InvoiceState.Hold;
import io.finrelay.workflows.invoice.InvoiceState.Invalid;
import io.finrelay.workflows.invoice.InvoiceState.Paid;
import io.finrelay.workflows.invoice.InvoiceState.Paying;
import io.finrelay.workflows.invoice.InvoiceState.PaymentRejected;
import io.finrelay.workflows.invoice.InvoiceState.Posting;
import io.finrelay.workflows.invoice.InvoiceState.Received;
import io.finrelay.workflows.invoice.InvoiceState.Refused;
import io.finrelay.workflows.invoice.InvoiceState.Review;
import io.finrelay.workflows.invoice.InvoiceState.Scheduled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Invoice to pay (issue 11), from intake to the paid invoice. A supplier invoice taken in is checked in
 * this order, each check reading what it needs in the deciding transaction ({@link #enrich}):
 * the EN 16931 findings and its dates; the tenant's AP policy; the supplier, against the vendor master
 * data (VAT id, then name); bank details on the invoice that differ from the master's, which hold it
 * until someone other than the person who took it in confirms them; an earlier invoice of the seller
 * with the same amount and date and a near-identical number, which holds it for a review; when the
 * policy says so, the purchase order it names, read from the ERP and matched 2- and 3-way. Then it
 * waits for approval on the route of the tenant's first fitting approval rule ({@link ApprovalRouting}:
 * by legal entity, cost center and amount; delegations; no self-approval, two distinct approvers above
 * the four-eyes threshold), is posted in the ERP once, and gets its payment plan: the due date, or the
 * discount date when the discount's yield beats the cost of capital and the cash keeps the buffer.
 * A payment run takes it on or after that day (the pain.001 carries it, net of the supplier's credit
 * notes); the bank's status settles it (and the supplier gets one remittance advice) or sends it back
 * for an operator to retry, and a later return of the payment makes it unpaid again. The ERP clearing follows the statement, in the reconciliation.
 *
 * <pre>
 *   Received --Arrived--> Invalid | Held | Matching | AwaitingApproval     Matching --PurchaseOrderRead--> Held | AwaitingApproval
 *   Held --HoldReviewed(release) / Rechecked--> Held | AwaitingApproval     Held --HoldReviewed(refuse)--> Refused
 *   AwaitingApproval --Approved--> AwaitingApproval | Posting               --ApprovalRefused--> Refused
 *   Posting --PostingDone--> Scheduled                                      --PostingCancelled--> Cancelled
 *   Scheduled --PaymentRunAssigned--> Paying --PaymentStatusReported--> Paid | PaymentRejected --PaymentRetried--> Scheduled
 *   Paying | Paid --PaymentReturned--> PaymentRejected
 *   Scheduled (a credit note) --CreditApplied--> Netted
 * </pre>
 */
public final class InvoiceToPay implements WorkflowDefinition<InvoiceState, InvoiceEvent> {
    public static final String TYPE = "invoice-to-pay";
    /** The duty rule: a person may not confirm the bank details or clear the duplicate of an invoice they took in. */
    public static final String SELF_REVIEW = "sod.self-review";

    private final InvoiceReferencePort.Source reference;
    private final RunPayment.Store payments;

    /** For tests and diagrams: events arrive with their lookups already filled. */
    public InvoiceToPay() {
        this(null, null);
    }

    /**
     * {@code reference}: the tables read in the deciding transaction; {@code payments}: where a payment the bank
     * will not make is withdrawn from what reconciliation expects ({@link RunPayment#ofInvoice}).
     */
    public InvoiceToPay(InvoiceReferencePort.Source reference, RunPayment.Store payments) {
        this.reference = reference;
        this.payments = payments;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<InvoiceState> stateType() {
        return InvoiceState.class;
    }

    @Override
    public Class<InvoiceEvent> eventType() {
        return InvoiceEvent.class;
    }

    /**
     * Version 2: approval routing; {@code AwaitingApproval} carries its route and the approvals that
     * count, and a supplier its cost center. A version-1 row lacks them and reads as routed to any one
     * approver (its approvals are its approvers' names), as it was decided then.
     */
    @Override
    public io.finrelay.engine.workflow.StoredFormat storedFormat() {
        return io.finrelay.engine.workflow.StoredFormat.version(2).from(1, io.finrelay.engine.workflow.Upcaster.state(
                "AwaitingApproval", json -> {
                    if (!json.has("route")) {
                        json.putNull("route");
                    }
                }));
    }

    @Override
    public InvoiceState initialState() {
        return new Received();
    }

    @Override
    public Map<Class<? extends InvoiceEvent>, String> externalInputs() {
        // Approvals and reviews come through their own endpoints, which take the person from the caller.
        return Map.of();
    }

    @Override
    public InvoiceEvent enrich(InvoiceState state, InvoiceEvent event, Reading reading) {
        if (reference == null) {
            return event;
        }
        InvoiceReferencePort port = reference.in(reading);
        return switch (event) {
            case Arrived a when state instanceof Received -> new Arrived(a.f(), a.findings(), port.lookup(a.f()));
            case Rechecked r when state instanceof Held h -> new Rechecked(port.lookup(h.f()));
            case HoldReviewed r when state instanceof Held h -> new HoldReviewed(r.reviewer(), r.release(), r.note(),
                    port.lookup(h.f()));
            case Approved a when state instanceof AwaitingApproval && a.today() == null -> {
                java.time.LocalDate today = reading.now().atZone(java.time.ZoneOffset.UTC).toLocalDate();
                yield new Approved(a.approver(), a.policy(), a.onBehalfOf(),
                        port.delegationsTo(a.approver().name(), today), today);
            }
            case InvoiceEvent.PurchaseOrderRead r when state instanceof InvoiceState.Matching m ->
                    new InvoiceEvent.PurchaseOrderRead(r.po(), port.billedAgainst(m.f()));
            case PostingDone d when state instanceof Posting p -> new PostingDone(d.erpRef(), d.erpNumber(), d.payableLine(),
                    port.cash(p.c().policy().legalEntityId(), p.f().currency()).orElse(null),
                    reading.now().atZone(java.time.ZoneOffset.UTC).toLocalDate());
            default -> event;
        };
    }

    @Override
    public void project(Transition<InvoiceState> transition, Reading reading) {
        if (reference != null && !(transition.to() instanceof Received)) {
            reference.in(reading).show(transition.businessKey(), transition.to());
        }
        if (payments != null) {
            RunPayment.ofInvoice(transition).ifPresent(p -> payments.write(reading, p));
        }
    }

    @Override
    public Decision<InvoiceState> decide(InvoiceState state, InvoiceEvent event) {
        return switch (state) {
            case Received r when event instanceof Arrived a -> arrived(a);
            case Held h when event instanceof Rechecked r -> check(h.f(), r.lookup(), h.review());
            case Held h when event instanceof HoldReviewed r -> reviewed(h, r);
            case AwaitingApproval w when event instanceof Approved a -> approved(w, a);
            case AwaitingApproval w when event instanceof ApprovalRefused r -> refused(w, r);
            case Posting p when event instanceof PostingDone d -> posted(p, d);
            case InvoiceState.Matching m when event instanceof InvoiceEvent.PurchaseOrderRead r -> matched(m, r);
            case Posting p when event instanceof PostingCancelled c -> Decision.moveTo(new Cancelled(p.f(), c.actor()));
            case Scheduled s when event instanceof PaymentRunAssigned r -> pay(s, r);
            case Scheduled s when event instanceof CreditApplied a -> s.f().creditNote()
                    ? Decision.moveTo(new InvoiceState.Netted(s, a.runId(), a.againstInvoiceId(), a.againstNumber()))
                    : Decision.reject("invoice " + s.f().number() + " is no credit note to net");
            case Paying p when event instanceof PaymentStatusReported st -> bankSays(p, st);
            case Paying p when event instanceof InvoiceEvent.PaymentReturned r -> returned(p.s(), p.payment(), r);
            case Paid p when event instanceof InvoiceEvent.PaymentReturned r -> returned(p.s(), p.payment(), r);
            case PaymentRejected r when event instanceof PaymentRetried -> Decision.moveTo(again(r));
            default -> Decision.reject(event.name() + " does not apply to an invoice in state " + state.name());
        };
    }

    private static Decision<InvoiceState> arrived(Arrived a) {
        List<RuleViolation> findings = new ArrayList<>(a.findings());
        InvoiceFacts f = a.f();
        if (f.dueDate() != null && f.dueDate().isBefore(f.issueDate())) {
            findings.add(new RuleViolation("FR-INV-01", "BT-9 Payment due date", "the due date " + f.dueDate()
                    + " is before the issue date " + f.issueDate()));
        }
        if (!findings.isEmpty()) {
            return Decision.moveTo(new Invalid(f, findings));
        }
        return check(f, a.lookup(), Review.none());
    }

    /** The checks in their order; the first that fails holds the invoice. */
    private static Decision<InvoiceState> check(InvoiceFacts f, Lookup lookup, Review review) {
        if (lookup == null) {
            return Decision.reject("the invoice's master data was not looked up");
        }
        if (lookup.policy() == null) {
            return hold(f, lookup, review, new Hold(Hold.NO_POLICY, "the tenant has no accounts-payable policy "
                    + "(accounts, cost of capital, liquidity buffer): set it and retry"), true);
        }
        Supplier supplier;
        switch (InvoiceRules.supplier(f, lookup.suppliers())) {
            case InvoiceRules.SupplierMatch.NotFound n -> {
                return hold(f, lookup, review, new Hold(Hold.UNKNOWN_SUPPLIER, n.reason()), true);
            }
            case InvoiceRules.SupplierMatch.Found found -> supplier = found.supplier();
        }
        if (review.bankDetailsConfirmedBy() == null) {
            Optional<String> differ = InvoiceRules.bankDetailsDiffer(f, supplier);
            if (differ.isPresent()) {
                return hold(f, lookup, review, new Hold(Hold.BANK_DETAILS_DIFFER, differ.get()), false);
            }
        }
        if (review.notDuplicateBy() == null) {
            List<Earlier> copies = InvoiceRules.possibleDuplicates(f, lookup.similar());
            if (!copies.isEmpty()) {
                return hold(f, lookup, review, new Hold(Hold.POSSIBLE_DUPLICATE, "invoice " + f.number() + " of "
                        + f.payable().amount().toPlainString() + " " + f.currency() + " dated " + f.issueDate()
                        + " may be a copy of " + String.join(", ", copies.stream().map(e -> "invoice " + e.number()
                        + " (" + e.invoiceId() + ")").toList()) + " of the same seller, amount and date"), false);
            }
        }
        Checked checked = new Checked(supplier, lookup.policy(), review);
        if (lookup.policy().matchPurchaseOrders() && f.purchaseOrder() != null && review.varianceAcceptedBy() == null) {
            return Decision.<InvoiceState>moveTo(new InvoiceState.Matching(f, lookup, checked)).send(
                    InvoiceCommands.FETCH_PURCHASE_ORDER, new InvoiceCommands.PoQuery(f.invoiceId(), f.purchaseOrder(),
                            supplier.vendorRef()));
        }
        return toApproval(f, checked, lookup);
    }

    /** Into approval, on the route the tenant's first fitting rule gives; the timeline says which and why. */
    private static Decision<InvoiceState> toApproval(InvoiceFacts f, Checked c, Lookup lookup) {
        ApprovalRouting.Route route = ApprovalRouting.route(lookup.approvalRules(), c.policy().legalEntityId(),
                c.supplier().costCenter(), f.payable());
        return Decision.<InvoiceState>moveTo(new AwaitingApproval(f, c, route.approvers(), List.of(), route, List.of()))
                .note(route.reason());
    }

    private static Decision<InvoiceState> matched(InvoiceState.Matching m, InvoiceEvent.PurchaseOrderRead r) {
        Optional<Hold> variance = InvoiceRules.purchaseOrderVariance(m.f(), m.c().supplier(), m.c().policy(), r.po(),
                r.billed());
        if (variance.isPresent()) {
            return Decision.moveTo(new Held(m.f(), m.lookup(), m.c().review(), variance.get()));
        }
        return toApproval(m.f(), m.c(), m.lookup());
    }

    private static Decision<InvoiceState> hold(InvoiceFacts f, Lookup lookup, Review review, Hold hold, boolean incident) {
        Decision.Accepted<InvoiceState> held = Decision.moveTo(new Held(f, lookup, review, hold));
        // Data problems go to the exception queue (an operator corrects and retries); reviews wait in
        // the invoice list (state HELD) for a person with the right to decide.
        return incident ? held.raise(new Incident(hold.code(), hold.reason(), Map.of("invoiceId", f.invoiceId(),
                "number", f.number(), "seller", f.seller().name()))) : held;
    }

    private static Decision<InvoiceState> reviewed(Held h, HoldReviewed r) {
        String who = r.reviewer().name();
        if (who.isBlank()) {
            return Decision.reject("a review must name the reviewer");
        }
        if (h.hold().review() && who.equals(h.f().receivedBy())) {
            return Decision.reject(new Refusal(SELF_REVIEW, "segregation of duties: " + who + " took invoice "
                    + h.f().number() + " in and may not decide on its " + h.hold().code() + " hold").toString());
        }
        String note = r.note() == null || r.note().isBlank() ? "" : ": " + r.note();
        if (!r.release()) {
            return Decision.moveTo(new Refused(h.f(), who, h.hold().code() + note));
        }
        Review review = switch (h.hold().code()) {
            case Hold.BANK_DETAILS_DIFFER -> new Review(who, h.review().notDuplicateBy(), h.review().varianceAcceptedBy());
            case Hold.POSSIBLE_DUPLICATE -> new Review(h.review().bankDetailsConfirmedBy(), who, h.review().varianceAcceptedBy());
            case Hold.PO_NOT_FOUND, Hold.PO_MISMATCH, Hold.PRICE_VARIANCE, Hold.QUANTITY_VARIANCE ->
                    new Review(h.review().bankDetailsConfirmedBy(), h.review().notDuplicateBy(), who);
            default -> h.review();
        };
        return check(h.f(), r.lookup(), review);
    }

    private static Decision<InvoiceState> approved(AwaitingApproval w, Approved a) {
        String who = a.approver().name();
        if (who.isBlank()) {
            return Decision.reject("an approval must name the approver");
        }
        ApprovalRouting.Route route = w.routed();
        // An approval not read with today's date (no node tables: tests, diagrams) finds no delegation in force.
        int required = ApprovalRouting.required(route, a.policy(), w.f().payable());
        ApprovalRouting.Outcome outcome = ApprovalRouting.approve(route, w.approvals(), required, a.approver(),
                a.onBehalfOf(), a.delegations(), a.today() == null ? java.time.LocalDate.MIN : a.today(), a.policy(),
                w.f().receivedBy(), w.c().review().bankDetailsConfirmedBy(), w.f().number());
        if (outcome instanceof ApprovalRouting.Outcome.Refused refused) {
            return Decision.reject(refused.refusal().toString());
        }
        ApprovalRouting.Approval approval = ((ApprovalRouting.Outcome.Counts) outcome).approval();
        AwaitingApproval more = w.with(approval, required);
        String note = "approved by " + approval.shown() + (approval.onBehalfOf() == null ? "" : " (delegation)")
                + "; " + more.approvals().size() + " of " + required;
        if (!ApprovalRouting.complete(route, more.approvals(), required)) {
            return Decision.<InvoiceState>moveTo(more).note(note);
        }
        InvoiceFacts f = w.f();
        Checked c = w.c();
        InvoiceCommands.PostInvoice post = new InvoiceCommands.PostInvoice(f.invoiceId(), f.kind(),
                c.policy().legalEntityId(), c.supplier().vendorRef(), c.supplier().name(), f.number(), f.issueDate(),
                f.dueDate(), "supplier invoice " + f.number() + " of " + c.supplier().name(),
                InvoiceRules.postingLines(f, c.policy()), f.payable());
        return Decision.<InvoiceState>moveTo(new Posting(f, c, more.approvedBy())).send(InvoiceCommands.POST_INVOICE, post)
                .note(note);
    }

    private static Decision<InvoiceState> refused(AwaitingApproval w, ApprovalRefused r) {
        if (r.approver().name().isBlank()) {
            return Decision.reject("a refusal must name the approver");
        }
        return Decision.moveTo(new Refused(w.f(), r.approver().name(), "approval refused"
                + (r.reason() == null || r.reason().isBlank() ? "" : ": " + r.reason())));
    }

    private static Decision<InvoiceState> posted(Posting p, PostingDone d) {
        if (d.erpRef() == null) {
            return Decision.reject("the ERP's answer to the posting names no invoice reference");
        }
        if (d.today() == null) {
            return Decision.reject("the posting's outcome was not read with today's date");
        }
        return Decision.moveTo(new Scheduled(p.f(), p.c(), p.approvedBy(), d.erpRef(), d.erpNumber(), d.payableLine(),
                InvoiceRules.schedule(p.f(), p.c().policy(), d.cash(), d.today()), 0));
    }

    private static Decision<InvoiceState> pay(Scheduled s, PaymentRunAssigned r) {
        if (s.f().creditNote()) {
            return Decision.reject("credit note " + s.f().number() + " is owed by the supplier, not paid out");
        }
        if (s.plan().payOn().isAfter(r.executionDate())) {
            return Decision.reject("invoice " + s.f().number() + " is to be paid on " + s.plan().payOn()
                    + ", after the run's execution date " + r.executionDate());
        }
        Optional<String> iban = InvoiceRules.payeeIban(s.f(), s.c());
        if (iban.isEmpty()) {
            return Decision.reject("neither the invoice nor vendor " + s.c().supplier().vendorId()
                    + " names a bank account to pay");
        }
        io.finrelay.model.Money amount = s.plan().amount();
        StringBuilder remittance = new StringBuilder("Invoice " + s.f().number());
        for (InvoiceEvent.Credit credit : r.credits()) {
            amount = amount.minus(credit.amount());
            remittance.append(" less credit note ").append(credit.number());
        }
        if (!amount.isPositive()) {
            return Decision.reject("the credit notes " + r.credits().stream().map(InvoiceEvent.Credit::number).toList()
                    + " are worth as much as invoice " + s.f().number() + " or more: nothing is left to pay");
        }
        int attempt = s.attempts() + 1;
        Scheduled tried = new Scheduled(s.f(), s.c(), s.approvedBy(), s.erpRef(), s.erpNumber(), s.payableLine(), s.plan(),
                attempt);
        return Decision.moveTo(new Paying(tried, new InvoiceState.Payment(r.runId(),
                InvoiceRules.endToEndId(s.f().invoiceId(), attempt), s.c().supplier().name(), iban.get(),
                amount, r.executionDate(), remittance.length() > 140 ? remittance.substring(0, 140) : remittance.toString(),
                r.credits().stream().map(InvoiceEvent.Credit::creditNoteId).toList())));
    }

    /** A payment the bank booked back: unpaid again, for an operator (the reconciliation reverses its clearing). */
    private static Decision<InvoiceState> returned(Scheduled s, InvoiceState.Payment payment, InvoiceEvent.PaymentReturned r) {
        if (!payment.endToEndId().equals(r.endToEndId())) {
            return Decision.reject("return of payment " + r.endToEndId() + ", but the invoice's payment is "
                    + payment.endToEndId());
        }
        return Decision.<InvoiceState>moveTo(new PaymentRejected(s, payment, r.reasonCode())).raise(new Incident(
                "payment-returned", "the bank returned the payment of invoice " + s.f().number() + " to "
                + payment.payeeName() + " (reason " + r.reasonCode() + "): the supplier is unpaid; correct what the "
                + "reason says and retry to pay it in the next run", Map.of("invoiceId", s.f().invoiceId(),
                "endToEndId", payment.endToEndId(), "runId", payment.runId(), "reasonCode", String.valueOf(r.reasonCode()),
                "bankRef", String.valueOf(r.bankRef()))));
    }

    /** Scheduled again after a rejection; credit notes netted in the rejected payment stay netted: the plan is what was left. */
    private static Scheduled again(PaymentRejected r) {
        Scheduled s = r.s();
        if (r.payment().creditNotes().isEmpty()) {
            return s;
        }
        InvoiceState.PaymentPlan plan = new InvoiceState.PaymentPlan(s.plan().payOn(), r.payment().amount(),
                s.plan().discountTaken(), s.plan().discount(), s.plan().reason() + "; less the credit notes netted in run "
                + r.payment().runId() + " (" + r.payment().remittance() + ")");
        return new Scheduled(s.f(), s.c(), s.approvedBy(), s.erpRef(), s.erpNumber(), s.payableLine(), plan, s.attempts());
    }

    private static Decision<InvoiceState> bankSays(Paying p, PaymentStatusReported st) {
        if (!p.payment().endToEndId().equals(st.endToEndId())) {
            return Decision.reject("status for payment " + st.endToEndId() + ", but the current payment is "
                    + p.payment().endToEndId());
        }
        return switch (st.status()) {
            case SETTLED -> Decision.<InvoiceState>moveTo(new Paid(p.s(), p.payment(), st.bankRef()))
                    .send(InvoiceCommands.SEND_REMITTANCE, advice(p, st.bankRef()));
            case REJECTED, CANCELLED -> Decision.<InvoiceState>moveTo(new PaymentRejected(p.s(), p.payment(),
                    st.reasonCode())).raise(new Incident("payment-rejected", "the bank " + (st.status()
                    == io.finrelay.model.bank.PaymentStatus.CANCELLED ? "cancelled" : "rejected") + " the payment of invoice "
                    + p.s().f().number() + " to " + p.payment().payeeName() + " (reason " + st.reasonCode()
                    + "): correct what the reason says and retry to pay it in the next run",
                    Map.of("invoiceId", p.s().f().invoiceId(), "endToEndId", p.payment().endToEndId(),
                            "runId", p.payment().runId(), "reasonCode", String.valueOf(st.reasonCode()))));
            default -> Decision.moveTo(p);
        };
    }

    /** The supplier's remittance advice of a settled payment: sent once, with the transition into Paid. */
    private static InvoiceCommands.RemittanceAdvice advice(Paying p, String bankRef) {
        Scheduled s = p.s();
        return new InvoiceCommands.RemittanceAdvice(s.f().invoiceId(), s.c().supplier().vendorRef(), s.c().supplier().name(),
                s.f().number(), s.f().issueDate(), s.f().payable(), p.payment().amount(),
                s.plan().discountTaken() ? s.plan().discount() : null, p.payment().executionDate(),
                p.payment().endToEndId(), bankRef, p.payment().remittance());
    }

    /** A paid invoice still takes the bank's return of its payment. */
    @Override
    public boolean takesAfterEnd(InvoiceEvent event) {
        return event instanceof InvoiceEvent.PaymentReturned;
    }

    @Override
    public Optional<InvoiceEvent> onCommandOutcome(InvoiceState state, CommandOutcome outcome) {
        if (InvoiceCommands.FETCH_PURCHASE_ORDER.type().equals(outcome.type())) {
            return switch (outcome) {
                case CommandOutcome.Succeeded s -> Optional.of(new InvoiceEvent.PurchaseOrderRead(purchaseOrder(s.resultJson())));
                case CommandOutcome.ResolvedByOperator r -> Optional.of(new InvoiceEvent.PurchaseOrderRead(
                        purchaseOrder(r.resultJson())));
                case CommandOutcome.Cancelled c -> Optional.of(new InvoiceEvent.PurchaseOrderRead(null));
            };
        }
        if (!InvoiceCommands.POST_INVOICE.type().equals(outcome.type())) {
            return Optional.empty();
        }
        return switch (outcome) {
            case CommandOutcome.Succeeded s -> Optional.of(new PostingDone(ref(s.resultJson(), "erpRef"),
                    ref(s.resultJson(), "number"), ref(s.resultJson(), "payableLine")));
            case CommandOutcome.ResolvedByOperator r -> {
                String erpRef = ref(r.resultJson(), "erpRef");
                yield Optional.of(new PostingDone(erpRef != null ? erpRef : "manual:" + r.actor(), ref(r.resultJson(), "number"),
                        ref(r.resultJson(), "payableLine")));
            }
            case CommandOutcome.Cancelled c -> Optional.of(new PostingCancelled(c.actor()));
        };
    }

    @Override
    public Optional<InvoiceEvent> onOperatorRetry(InvoiceState state) {
        return switch (state) {
            case Held h -> Optional.of(new Rechecked(null));
            case PaymentRejected r -> Optional.of(new PaymentRetried());
            default -> Optional.empty();
        };
    }

    /** The purchase order of the ERP's answer {@code {"found": true, "purchaseOrder": {...}}}; null when not found. */
    private static InvoiceReference.PurchaseOrder purchaseOrder(String resultJson) {
        try {
            com.fasterxml.jackson.databind.JsonNode result = JSON.readTree(resultJson);
            if (result == null || !result.path("found").asBoolean(false) || !result.hasNonNull("purchaseOrder")) {
                return null;
            }
            return JSON.treeToValue(result.get("purchaseOrder"), InvoiceReference.PurchaseOrder.class);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** A field of the ERP's answer; null when the answer has none (an operator's free-text resolution, say). */
    private static String ref(String resultJson, String field) {
        try {
            com.fasterxml.jackson.databind.JsonNode result = JSON.readTree(resultJson);
            String value = result == null ? "" : result.path(field).asText("");
            return value.isEmpty() ? null : value;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
}
