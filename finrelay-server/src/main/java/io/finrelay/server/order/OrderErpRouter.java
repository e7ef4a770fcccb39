package io.finrelay.server.order;

import io.finrelay.connectors.sandbox.SalesOrderConnector;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.server.connectors.ErpConnections;
import io.finrelay.workflows.order.OrderCommands;

/**
 * The ERP of accounts receivable ({@value OrderCommands#ERP}), routed per tenant: the REST ERP of the
 * tenant's expense settings ({@link SalesOrderConnector}, under the command's idempotency key); a tenant
 * whose ERP connector is Tryton is told that the sale is not built on Tryton yet.
 */
final class OrderErpRouter implements Connector {
    private final ErpConnections erps;
    private final SalesOrderConnector rest;

    OrderErpRouter(ErpConnections erps, SalesOrderConnector rest) {
        this.erps = erps;
        this.rest = rest;
    }

    @Override
    public String name() {
        return OrderCommands.ERP;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        if (erps.tryton(command.tenantId()).isPresent()) {
            return new Delivery.Permanent("order to cash on Tryton is not built yet: book the sale in Tryton by hand "
                    + "and resolve the step");
        }
        return rest.deliver(command);
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        if (erps.tryton(command.tenantId()).isPresent()) {
            return new Lookup.NotFound();
        }
        return rest.lookup(command);
    }
}
