package io.finrelay.server.invoice;

import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.InstanceView;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.model.Money;
import io.finrelay.model.invoice.InvoiceLine;
import io.finrelay.model.invoice.SupplierInvoice;
import io.finrelay.server.security.TenantScope;
import io.finrelay.workflows.invoice.InvoiceEvent;
import io.finrelay.workflows.invoice.InvoiceFacts;
import io.finrelay.workflows.invoice.InvoiceToPay;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Hands supplier invoices to the invoice-to-pay workflow: the intake starts one instance per invoice
 * (keyed by its id, so an upload repeated after a crash between the intake's commit and the start
 * starts it then, and never twice), and approvals and reviews arrive as events under the caller's
 * idempotency key.
 */
public class InvoiceWorkflow {
    /** The inbox source of the intake's start events. */
    static final String INTAKE = "supplier-invoice-intake";

    private final WorkflowEngine engine;

    public InvoiceWorkflow(WorkflowEngine engine) {
        this.engine = engine;
    }

    /** Starts the workflow of an invoice taken in (or finds it started). */
    public Receipt start(TenantScope scope, UUID invoiceId, SupplierInvoice invoice, String correlationId) {
        // The duty rules compare who took the invoice in with the person who approves it: a person who
        // logged in is their username (as an approver is), a key the audit's name of the key.
        io.finrelay.server.security.ApiPrincipal caller = scope.principal();
        String receivedBy = caller.kind() == io.finrelay.server.security.ApiPrincipal.Kind.USER ? caller.subject()
                : caller.actor();
        InvoiceFacts facts = facts(invoiceId, invoice, receivedBy);
        return engine.submit(new InboundEvent(new InboxKey(scope.tenantId(), INTAKE, invoiceId.toString()),
                InvoiceToPay.TYPE, invoiceId.toString(), new Input.Domain(new InvoiceEvent.Arrived(facts, List.of())),
                correlationId, scope.principal().actor()));
    }

    /** Delivers a person's decision (approval, refusal, review) to the invoice's instance. */
    public Receipt deliver(TenantScope scope, UUID invoiceId, InvoiceEvent event, String idempotencyKey, String correlationId) {
        return engine.submit(new InboundEvent(new InboxKey(scope.tenantId(), io.finrelay.server.web.IdempotentRequests.SOURCE,
                idempotencyKey), InvoiceToPay.TYPE, invoiceId.toString(), new Input.Domain(event), correlationId,
                scope.principal().actor()));
    }

    public Optional<InstanceView> instance(TenantScope scope, UUID invoiceId) {
        return engine.instances().findByBusinessKey(scope.tenantId(), InvoiceToPay.TYPE, invoiceId.toString());
    }

    public List<io.finrelay.engine.audit.AuditTrail.Entry> timeline(TenantScope scope, UUID instanceId) {
        return engine.timeline(scope.tenantId(), instanceId);
    }

    /** A line's description as the workflow sees it: the item name (BT-153), else its line id; 140 characters at most. */
    static String description(String itemName, String lineId) {
        String description = itemName == null || itemName.isBlank() ? "line " + lineId : itemName;
        return description.length() > 140 ? description.substring(0, 140) : description;
    }

    /**
     * What the workflow needs of the canonical invoice. Document-level allowances and charges
     * (BT-107, BT-108) become one more net line, so that the lines and the VAT add up to the total
     * with VAT; a credit note's amounts are its own, positive.
     */
    static InvoiceFacts facts(UUID id, SupplierInvoice invoice, String receivedBy) {
        List<InvoiceFacts.Line> lines = new ArrayList<>();
        for (InvoiceLine line : invoice.lines()) {
            lines.add(new InvoiceFacts.Line(description(line.itemName(), line.id()),
                    line.quantity() == null ? java.math.BigDecimal.ONE : line.quantity(), line.netAmount()));
        }
        Money adjustments = invoice.totals().chargeTotal().minus(invoice.totals().allowanceTotal());
        if (!adjustments.isZero()) {
            lines.add(new InvoiceFacts.Line("document allowances and charges", java.math.BigDecimal.ONE, adjustments));
        }
        var terms = invoice.paymentTerms();
        var discount = terms == null || terms.earlyPaymentDiscount() == null ? null
                : new InvoiceFacts.Discount(terms.earlyPaymentDiscount().percent(), terms.earlyPaymentDiscount().days());
        var seller = invoice.seller();
        return new InvoiceFacts(id.toString(), invoice.kind().name(), invoice.number(),
                new InvoiceFacts.Seller(seller.name(), seller.vatId(), seller.iban()),
                invoice.buyer() == null ? null : invoice.buyer().name(), invoice.totals().payable(),
                invoice.totals().taxTotal(), invoice.issueDate(), invoice.dueDate(), discount,
                invoice.purchaseOrderReference(), lines, receivedBy);
    }
}
