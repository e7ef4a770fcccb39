package io.finrelay.connectors.sandbox;

import io.finrelay.model.id.TenantId;
import io.finrelay.workflows.order.OrderCommands;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Order to cash in a REST ERP: {@code read-credit-exposure} asks {@code POST /api/v1/customers/credit-exposure}
 * for the customer's credit ({@code {"creditLimit","creditAmount","openReceivables","currency"}}), and
 * {@code book-sale} creates the sales order with its invoice at {@code POST /api/v1/sales-orders}
 * ({@code {"saleRef","invoiceRef","invoiceNumber","invoiceDate","dueDate"}}), both with the command id as
 * Idempotency-Key, looked up by that key after an unknown outcome before anything is sent again.
 */
public final class SalesOrderConnector extends RestErpCommands {

    /** @param endpoints the tenant's REST ERP (empty: none configured) */
    public SalesOrderConnector(Function<TenantId, Optional<PeerEndpoint>> endpoints) {
        super(OrderCommands.ERP, endpoints, Map.of(OrderCommands.READ_CREDIT, "/api/v1/customers/credit-exposure",
                OrderCommands.BOOK_SALE, "/api/v1/sales-orders"));
    }
}
