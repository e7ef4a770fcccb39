package io.finrelay.server.order;

import io.finrelay.connectors.erp.tryton.TrytonErp;
import io.finrelay.connectors.erp.tryton.TrytonOrderCommands;
import io.finrelay.connectors.sandbox.SalesOrderConnector;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.server.connectors.ErpConnections;
import io.finrelay.workflows.order.OrderCommands;
import java.util.Optional;

/**
 * The ERP of accounts receivable ({@value OrderCommands#ERP}), routed per tenant: Tryton when the tenant's
 * ERP connector is Tryton ({@link TrytonOrderCommands}: the party's credit from {@code sale_credit_limit},
 * the order booked as a {@code sale.sale} with its customer invoice posted, tagged with the command id and
 * found again after an unknown outcome), else the REST ERP of the tenant's expense settings
 * ({@link SalesOrderConnector}, under the command's idempotency key).
 */
final class OrderErpRouter implements Connector {
    private final ErpConnections erps;
    private final SalesOrderConnector rest;
    private final TrytonOrderCommands tryton;

    OrderErpRouter(ErpConnections erps, SalesOrderConnector rest) {
        this.erps = erps;
        this.rest = rest;
        this.tryton = new TrytonOrderCommands(this::trytonOf);
    }

    private Optional<TrytonErp> trytonOf(io.finrelay.model.id.TenantId tenant) {
        return erps.tryton(tenant).filter(TrytonErp.class::isInstance).map(TrytonErp.class::cast);
    }

    @Override
    public String name() {
        return OrderCommands.ERP;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        return erps.tryton(command.tenantId()).isPresent() ? tryton.deliver(command) : rest.deliver(command);
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        return erps.tryton(command.tenantId()).isPresent() ? tryton.lookup(command) : rest.lookup(command);
    }
}
