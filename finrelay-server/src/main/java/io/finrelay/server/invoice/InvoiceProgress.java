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
 * @param required    approvals needed (1, or 2 above the four-eyes threshold), once known
 * @param plan        the payment plan once posted: the day, the amount, the discount and why
 * @param decidedBy   who refused or cancelled it, if someone did
 * @param timeline    the instance's audit records, oldest first
 */
public record InvoiceProgress(UUID instanceId, String state, boolean ended, String correlationId, Hold hold,
                              Integer required, List<String> approvedBy, String erpRef, String erpNumber, Plan plan,
                              String decidedBy, String reason, List<Step> timeline) {

    public record Hold(String code, String reason) {}

    public record Plan(LocalDate payOn, String amount, String currency, boolean discountTaken, String discount,
                       String reason) {}

    public record Step(Instant occurredAt, String kind, String actor, String event, String from, String to) {}

    static InvoiceProgress of(InstanceView view, List<AuditTrail.Entry> trail) {
        InvoiceState state = Json.read(view.stateJson(), classOf(view.state()));
        List<Step> steps = trail.stream().map(InvoiceProgress::step).toList();
        String name = InvoiceTables.stateName(state);
        return switch (state) {
            case InvoiceState.Held h -> new InvoiceProgress(view.id(), name, view.ended(), view.correlationId(),
                    new Hold(h.hold().code(), h.hold().reason()), null, List.of(), null, null, null, null, null, steps);
            case InvoiceState.AwaitingApproval w -> new InvoiceProgress(view.id(), name, view.ended(), view.correlationId(),
                    null, w.required(), w.approvedBy(), null, null, null, null, null, steps);
            case InvoiceState.Posting p -> new InvoiceProgress(view.id(), name, view.ended(), view.correlationId(),
                    null, null, p.approvedBy(), null, null, null, null, null, steps);
            case InvoiceState.Scheduled s -> new InvoiceProgress(view.id(), name, view.ended(), view.correlationId(),
                    null, null, s.approvedBy(), s.erpRef(), s.erpNumber(), plan(s.plan()), null, null, steps);
            case InvoiceState.Refused r -> new InvoiceProgress(view.id(), name, view.ended(), view.correlationId(),
                    null, null, List.of(), null, null, null, r.by(), r.reason(), steps);
            case InvoiceState.Cancelled c -> new InvoiceProgress(view.id(), name, view.ended(), view.correlationId(),
                    null, null, List.of(), null, null, null, c.by(), "posting cancelled", steps);
            case InvoiceState.Invalid i -> new InvoiceProgress(view.id(), name, view.ended(), view.correlationId(),
                    null, null, List.of(), null, null, null, null, String.join("; ", i.findings().stream()
                    .map(v -> v.rule() + ": " + v.message()).toList()), steps);
            case InvoiceState.Received r -> new InvoiceProgress(view.id(), name, view.ended(), view.correlationId(),
                    null, null, List.of(), null, null, null, null, null, steps);
        };
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
        return new Step(e.occurredAt(), e.kind(), e.actor(), text(detail, "event"), text(detail, "from"), text(detail, "to"));
    }

    private static String text(JsonNode node, String field) {
        return node == null || !node.hasNonNull(field) ? null : node.get(field).asText();
    }
}
