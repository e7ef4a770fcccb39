package io.finrelay.connectors.sandbox;

import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.id.TenantId;
import io.finrelay.workflows.reconciliation.BankBooking;
import io.finrelay.workflows.reconciliation.ReconciliationMatch;
import java.util.Optional;
import java.util.function.Function;

/**
 * Clears reconciled open items in a REST ERP: the {@code clear-match} command of a reconciliation
 * match goes to {@code POST /api/v1/clearings} with the command id as Idempotency-Key, and after an
 * unknown outcome it is looked up by that key before anything is sent again. The ERP clears an item
 * once; a clearing of an already cleared item under another key is refused there. After a bank
 * return, {@code reverse-clearing} undoes a clearing at {@code POST /api/v1/clearing-reversals}, under
 * the same rules: one reversal per clearing, looked up by its key after an unknown outcome. A line a
 * tenant's rule books (a bank charge) is posted at {@code POST /api/v1/bank-bookings}, once per line.
 */
public final class ClearingConnector implements Connector {

    private final Function<TenantId, Optional<PeerEndpoint>> endpoints;
    private final PeerHttp http = new PeerHttp("erp");

    /** @param endpoints the tenant's REST ERP (empty: none configured) */
    public ClearingConnector(Function<TenantId, Optional<PeerEndpoint>> endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public String name() {
        return ReconciliationMatch.ERP;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        String path = command.is(ReconciliationMatch.CLEAR) ? "/api/v1/clearings"
                : command.is(ReconciliationMatch.REVERSE) ? "/api/v1/clearing-reversals"
                : command.is(BankBooking.POST) ? "/api/v1/bank-bookings"
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
