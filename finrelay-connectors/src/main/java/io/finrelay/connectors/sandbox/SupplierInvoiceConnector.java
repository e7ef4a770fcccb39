package io.finrelay.connectors.sandbox;

import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.id.TenantId;
import io.finrelay.workflows.invoice.InvoiceCommands;
import java.util.Optional;
import java.util.function.Function;

/**
 * Posts supplier invoices in a REST ERP: {@code post-supplier-invoice} goes to
 * {@code POST /api/v1/supplier-invoices} with the command id as Idempotency-Key (the ERP answers
 * {@code {"erpRef", "number"}}), and after an unknown outcome it is looked up by that key before
 * anything is sent again. {@code fetch-purchase-order} asks {@code POST /api/v1/purchase-orders/lookup} for
 * the order an invoice names ({@code {"found": true, "purchaseOrder": {...}}} or {@code {"found": false}}).
 */
public final class SupplierInvoiceConnector implements Connector {
    private final Function<TenantId, Optional<PeerEndpoint>> endpoints;
    private final PeerHttp http = new PeerHttp("erp");

    /** @param endpoints the tenant's REST ERP (empty: none configured) */
    public SupplierInvoiceConnector(Function<TenantId, Optional<PeerEndpoint>> endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public String name() {
        return InvoiceCommands.ERP;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        String path = command.is(InvoiceCommands.POST_INVOICE) ? "/api/v1/supplier-invoices"
                : command.is(InvoiceCommands.FETCH_PURCHASE_ORDER) ? "/api/v1/purchase-orders/lookup"
                : null;
        if (path == null) {
            return new Delivery.Permanent("connector " + name() + " does not know command type '" + command.type() + "'");
        }
        Optional<PeerEndpoint> endpoint = endpoints.apply(command.tenantId());
        if (endpoint.isEmpty()) {
            return new Delivery.Permanent("tenant " + command.tenantId() + " has no erp endpoint configured");
        }
        return http.post(endpoint.get(), path, command.idempotencyKey(), command.payloadJson());
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        Optional<PeerEndpoint> endpoint = endpoints.apply(command.tenantId());
        if (endpoint.isEmpty()) {
            return new Lookup.Unreachable("tenant " + command.tenantId() + " has no erp endpoint configured");
        }
        return http.byIdempotencyKey(endpoint.get(), command.idempotencyKey());
    }
}
