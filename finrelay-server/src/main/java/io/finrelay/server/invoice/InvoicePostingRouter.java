package io.finrelay.server.invoice;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.connectors.erp.JournalOutboxConnector;
import io.finrelay.connectors.sandbox.SupplierInvoiceConnector;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.server.connectors.ErpConnections;
import io.finrelay.workflows.invoice.InvoiceCommands;
import io.finrelay.workflows.port.ErpException;
import io.finrelay.workflows.port.ErpPort;
import io.finrelay.workflows.port.PostedInvoice;
import io.finrelay.workflows.port.PurchaseOrder;
import io.finrelay.workflows.port.SupplierInvoice;
import java.util.Optional;
import java.util.UUID;

/**
 * The ERP of accounts payable ({@value InvoiceCommands#ERP}), routed per tenant: Tryton when the
 * tenant's ERP connector is Tryton (an {@code account.invoice} of type {@code in}, tagged with the
 * command id and found again on a resend, so a resend posts nothing twice), else the REST ERP of the
 * tenant's expense settings ({@link SupplierInvoiceConnector}, under the command's idempotency key).
 * A purchase order for the match is read from Tryton's {@code purchase} and {@code stock} modules, or
 * asked of the REST ERP.
 */
final class InvoicePostingRouter implements Connector {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ErpConnections erps;
    private final SupplierInvoiceConnector rest;

    InvoicePostingRouter(ErpConnections erps, SupplierInvoiceConnector rest) {
        this.erps = erps;
        this.rest = rest;
    }

    @Override
    public String name() {
        return InvoiceCommands.ERP;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        Optional<ErpPort> tryton = erps.tryton(command.tenantId());
        if (tryton.isEmpty()) {
            return rest.deliver(command);
        }
        if (command.is(InvoiceCommands.FETCH_PURCHASE_ORDER)) {
            return purchaseOrder(tryton.get(), command.payload(InvoiceCommands.FETCH_PURCHASE_ORDER));
        }
        if (!command.is(InvoiceCommands.POST_INVOICE)) {
            return new Delivery.Permanent("connector " + name() + " does not know command type '" + command.type() + "'");
        }
        InvoiceCommands.PostInvoice post = command.payload(InvoiceCommands.POST_INVOICE);
        if ("CREDIT_NOTE".equals(post.kind())) {
            return new Delivery.Permanent("credit note " + post.number() + ": the Tryton connector posts supplier invoices "
                    + "only; book the credit note in Tryton by hand and resolve the step");
        }
        try {
            PostedInvoice posted = tryton.get().postSupplierInvoice(new SupplierInvoice(command.commandId(),
                    new LegalEntityId(UUID.fromString(post.legalEntityId())), post.vendorRef(), post.number(),
                    post.issueDate(), post.description(), post.lines().stream().map(l -> new SupplierInvoice.Line(
                            l.description(), l.quantity(), l.unitPrice(), new AccountCode(l.account()))).toList()));
            // the one payable line the payment clears (an invoice split over several due dates names none)
            return new Delivery.Done(JSON.createObjectNode().put("erpRef", posted.erpRef()).put("number", posted.number())
                    .put("payableLine", posted.payableLineRefs().size() == 1 ? posted.payableLineRefs().getFirst() : null)
                    .toString());
        } catch (ErpException e) {
            return JournalOutboxConnector.delivery(e.error());
        } catch (io.finrelay.model.ValidationException e) {
            return new Delivery.Permanent("the invoice cannot be posted in Tryton: " + e.getMessage());
        }
    }

    /**
     * The purchase order from Tryton ({@code purchase}, with the goods receipts of {@code stock}), answered in
     * the shape the REST ERP answers ({@code {"found": true, "purchaseOrder": {...}}} or {@code {"found": false}}),
     * so the workflow reads one shape whichever ERP the tenant has. A read changes nothing: a resend asks again.
     */
    private static Delivery purchaseOrder(ErpPort erp, InvoiceCommands.PoQuery query) {
        try {
            Optional<PurchaseOrder> order = erp.purchaseOrder(query.number());
            ObjectNode answer = JSON.createObjectNode().put("found", order.isPresent());
            order.ifPresent(po -> {
                ObjectNode json = answer.putObject("purchaseOrder").put("number", po.number())
                        .put("vendorRef", po.vendorRef()).put("currency", po.currency());
                ArrayNode lines = json.putArray("lines");
                po.lines().forEach(l -> lines.addObject().put("description", l.description()).put("ordered", l.ordered())
                        .put("unitPrice", l.unitPrice()).put("received", l.received()));
            });
            return new Delivery.Done(answer.toString());
        } catch (ErpException e) {
            return JournalOutboxConnector.delivery(e.error());
        }
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        if (erps.tryton(command.tenantId()).isPresent()) {
            // Nothing to ask: a resend finds the invoice tagged with this command id and posts nothing twice.
            return new Lookup.NotFound();
        }
        return rest.lookup(command);
    }
}
