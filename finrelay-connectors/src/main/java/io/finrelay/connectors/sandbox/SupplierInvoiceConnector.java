package io.finrelay.connectors.sandbox;

import io.finrelay.model.id.TenantId;
import io.finrelay.workflows.invoice.InvoiceCommands;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Posts supplier invoices in a REST ERP: {@code post-supplier-invoice} goes to
 * {@code POST /api/v1/supplier-invoices} with the command id as Idempotency-Key (the ERP answers
 * {@code {"erpRef", "number"}}), and after an unknown outcome it is looked up by that key before
 * anything is sent again. {@code fetch-purchase-order} asks {@code POST /api/v1/purchase-orders/lookup} for
 * the order an invoice names ({@code {"found": true, "purchaseOrder": {...}}} or {@code {"found": false}}).
 */
public final class SupplierInvoiceConnector extends RestErpCommands {

    /** @param endpoints the tenant's REST ERP (empty: none configured) */
    public SupplierInvoiceConnector(Function<TenantId, Optional<PeerEndpoint>> endpoints) {
        super(InvoiceCommands.ERP, endpoints, Map.of(InvoiceCommands.POST_INVOICE, "/api/v1/supplier-invoices",
                InvoiceCommands.FETCH_PURCHASE_ORDER, "/api/v1/purchase-orders/lookup"));
    }
}
