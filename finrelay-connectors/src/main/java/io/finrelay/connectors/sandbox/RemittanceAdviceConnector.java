package io.finrelay.connectors.sandbox;

import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.model.id.TenantId;
import io.finrelay.workflows.invoice.InvoiceCommands;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sends suppliers their remittance advices: {@code send-remittance-advice} goes to
 * {@code POST /api/v1/remittance-advices} of the tenant's REST ERP (which stands for the e-mail or supplier
 * portal that carries them) with the command id as Idempotency-Key, and after an unknown outcome it is
 * looked up by that key before anything is sent again. A tenant without such an endpoint (one that posts to
 * Tryton only) sends none: the command ends with {@code {"sent": false, "reason": ...}} in its result, so
 * the invoice's timeline says that no advice went out and why.
 */
public final class RemittanceAdviceConnector extends RestErpCommands {
    private final Function<TenantId, Optional<PeerEndpoint>> endpoints;

    /** @param endpoints the tenant's REST ERP (empty: none configured) */
    public RemittanceAdviceConnector(Function<TenantId, Optional<PeerEndpoint>> endpoints) {
        super(InvoiceCommands.SUPPLIER, endpoints, Map.of(InvoiceCommands.SEND_REMITTANCE, "/api/v1/remittance-advices"));
        this.endpoints = endpoints;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        if (command.is(InvoiceCommands.SEND_REMITTANCE) && endpoints.apply(command.tenantId()).isEmpty()) {
            return new Delivery.Done("{\"sent\": false, \"reason\": \"the tenant has no endpoint for remittance advices "
                    + "(the REST ERP of its expense settings)\"}");
        }
        return super.deliver(command);
    }
}
