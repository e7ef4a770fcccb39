package io.finrelay.server.connectors;

import io.finrelay.connectors.erp.JournalOutboxConnector;
import io.finrelay.connectors.sandbox.SandboxPeerConnector;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;

/**
 * The expense workflow's ERP ({@value SandboxPeerConnector#ERP}), routed per tenant by configuration:
 * a tenant whose {@code erp} connector is of type tryton is served by the Tryton connector (journals
 * batched per tenant, payables cleared and reconciled in Tryton); every other tenant by the REST ERP
 * of its expense settings. So tenants on one server use different ERPs, and none is chosen in code.
 */
public final class ErpRouter implements Connector, AutoCloseable {
    private final ErpConnections erps;
    private final JournalOutboxConnector tryton;
    private final SandboxPeerConnector rest;

    public ErpRouter(ErpConnections erps, JournalOutboxConnector tryton, SandboxPeerConnector rest) {
        if (!rest.name().equals(SandboxPeerConnector.ERP) || !tryton.name().equals(SandboxPeerConnector.ERP)) {
            throw new IllegalArgumentException("both routes must be the expense ERP connector");
        }
        this.erps = erps;
        this.tryton = tryton;
        this.rest = rest;
    }

    @Override
    public String name() {
        return SandboxPeerConnector.ERP;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        return route(command).deliver(command);
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        return route(command).lookup(command);
    }

    private Connector route(CommandEnvelope command) {
        return erps.tryton(command.tenantId()).isPresent() ? tryton : rest;
    }

    @Override
    public void close() {
        tryton.close();
    }
}
