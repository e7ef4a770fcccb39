package io.finrelay.server.invoice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.audit.AuditTrail;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.runtime.InstanceView;
import io.finrelay.workflows.invoice.InvoiceState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Where a supplier invoice's workflow stands, as the API shows it: read from the workflow's own state
 * records (never by JSON path), with no bank details in it.
 *
 * @param hold        why a HELD invoice waits (code and sentence; IBANs masked), else null
 * @param required    approvals needed (the approval rule's, or 2 above the four-eyes threshold), once known
 * @param route       while it awaits approval: the approval rule that routed it (null: none fitted) and why
 * @param plan        the payment plan once posted: the day, the amount, the discount and why
 * @param decidedBy   who refused or cancelled it, if someone did
 * @param timeline    the instance's audit records, oldest first
 */
public record InvoiceProgress(UUID instanceId, String state, boolean ended, String correlationId, Hold hold,
                              Integer required, Route route, List<String> approvedBy, String erpRef, String erpNumber, Plan plan,
                              Payment payment, String decidedBy, String reason, List<Step> timeline) {

    /** Why the invoice waits; a variance of the purchase-order match gives its figures side by side ({@code figures}). */
    public record Hold(String code, String reason, MatchVariance figures) {}

    /**
     * A price or quantity variance's figures, as decimal strings: the order's line (null: the whole order),
     * units ordered, received, billed already by earlier invoices of the order and invoiced now, the order's
     * unit price against the invoice's, the tolerance in percent.
     */
    public record MatchVariance(String purchaseOrder, String line, String ordered, String received, String billedBefore,
                                String invoiced, String orderUnitPrice, String invoiceUnitPrice, String tolerancePercent) {
        static MatchVariance of(InvoiceState.Variance v) {
            return v == null ? null : new MatchVariance(v.purchaseOrder(), v.line(), plain(v.ordered()), plain(v.received()),
                    plain(v.billedBefore()), plain(v.invoiced()), plain(v.orderUnitPrice()), plain(v.invoiceUnitPrice()),
                    plain(v.tolerancePercent()));
        }

        private static String plain(java.math.BigDecimal d) {
            return d == null ? null : d.toPlainString();
        }
    }

    /** The approval rule an invoice awaiting approval was routed by ({@code rule} null: none fitted), and why. */
    public record Route(String rule, String reason) {}

    public record Plan(LocalDate payOn, String amount, String currency, boolean discountTaken, String discount,
                       String reason) {}

    /** The invoice's payment in a run: the payee's account masked; the bank's reference once settled, its reason code when rejected. */
    public record Payment(String runId, String endToEndId, String payee, String account, String amount,
                          LocalDate executionDate, String bankRef, String rejectionCode) {}

    /** One audit record of the instance; {@code note}: why the workflow decided so, where it said (the approval route, say). */
    public record Step(Instant occurredAt, String kind, String actor, String event, String from, String to, String note) {}

    static InvoiceProgress of(InstanceView view, List<AuditTrail.Entry> trail) {
        InvoiceState state = Json.read(view.stateJson(), classOf(view.state()));
        List<Step> steps = trail.stream().map(InvoiceProgress::step).toList();
        Builder b = new Builder(view, InvoiceTables.stateName(state), steps);
        switch (state) {
            case InvoiceState.Held h -> b.hold = new Hold(h.hold().code(), h.hold().reason(), MatchVariance.of(h.hold().figures()));
            case InvoiceState.AwaitingApproval w -> {
                b.required = w.required();
                b.approvedBy = w.approvedBy();
                b.route = new Route(w.routed().ruleId(), w.routed().reason());
            }
            case InvoiceState.Posting p -> b.approvedBy = p.approvedBy();
            case InvoiceState.Matching m -> b.reason = "reading purchase order " + m.f().purchaseOrder() + " from the ERP";
            case InvoiceState.Scheduled s -> b.scheduled(s);
            case InvoiceState.Paying p -> b.scheduled(p.s()).payment = payment(p.payment(), null, null);
            case InvoiceState.PaymentRejected r -> {
                b.scheduled(r.s()).payment = payment(r.payment(), null, r.reasonCode());
                b.reason = "the bank rejected the payment (" + r.reasonCode() + ")";
            }
            case InvoiceState.Paid p -> b.scheduled(p.s()).payment = payment(p.payment(), p.bankRef(), null);
            case InvoiceState.Netted n -> b.scheduled(n.s()).reason = "netted in payment run " + n.runId()
                    + " against invoice " + n.againstNumber() + " (" + n.againstInvoiceId() + ")";
            case InvoiceState.Refused r -> {
                b.decidedBy = r.by();
                b.reason = r.reason();
            }
            case InvoiceState.Cancelled c -> {
                b.decidedBy = c.by();
                b.reason = "posting cancelled";
            }
            case InvoiceState.Invalid i -> b.reason = String.join("; ", i.findings().stream()
                    .map(v -> v.rule() + ": " + v.message()).toList());
            case InvoiceState.Received r -> { }
        }
        return b.build();
    }

    /** Collects the fields one state fills. */
    private static final class Builder {
        private final InstanceView view;
        private final String state;
        private final List<Step> steps;
        Hold hold;
        Integer required;
        Route route;
        List<String> approvedBy = List.of();
        String erpRef;
        String erpNumber;
        Plan plan;
        Payment payment;
        String decidedBy;
        String reason;

        Builder(InstanceView view, String state, List<Step> steps) {
            this.view = view;
            this.state = state;
            this.steps = steps;
        }

        Builder scheduled(InvoiceState.Scheduled s) {
            approvedBy = s.approvedBy();
            erpRef = s.erpRef();
            erpNumber = s.erpNumber();
            plan = plan(s.plan());
            return this;
        }

        InvoiceProgress build() {
            return new InvoiceProgress(view.id(), state, view.ended(), view.correlationId(), hold, required, route, approvedBy,
                    erpRef, erpNumber, plan, payment, decidedBy, reason, steps);
        }
    }

    private static Payment payment(InvoiceState.Payment p, String bankRef, String rejection) {
        return new Payment(p.runId(), p.endToEndId(), p.payeeName(), io.finrelay.model.bank.Iban.of(p.iban()).masked(),
                p.amount().amount().toPlainString(), p.executionDate(), bankRef, rejection);
    }

    private static Plan plan(InvoiceState.PaymentPlan p) {
        return new Plan(p.payOn(), p.amount().amount().toPlainString(), p.amount().currencyCode(), p.discountTaken(),
                p.discount() == null ? null : p.discount().amount().toPlainString(), p.reason());
    }

    private static Class<? extends InvoiceState> classOf(String name) {
        return Arrays.stream(InvoiceState.class.getPermittedSubclasses()).filter(c -> c.getSimpleName().equals(name))
                .findFirst().orElseThrow(() -> new IllegalStateException("no invoice state " + name))
                .asSubclass(InvoiceState.class);
    }

    private static Step step(AuditTrail.Entry e) {
        JsonNode detail;
        try {
            detail = e.detailJson() == null ? null : Json.mapper().readTree(e.detailJson());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored audit detail is not JSON", ex);
        }
        return new Step(e.occurredAt(), e.kind(), e.actor(), text(detail, "event"), text(detail, "from"), text(detail, "to"),
                text(detail, "note"));
    }

    private static String text(JsonNode node, String field) {
        return node == null || !node.hasNonNull(field) ? null : node.get(field).asText();
    }
}
